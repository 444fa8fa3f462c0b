package io.datably.security;

import io.datably.testsupport.CerbosResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Enforced mode with an identity provider per tenant: tenants {@code acme} and {@code globex} bring their own issuer
 * and key ({@code quarkus.oidc.<tenant>.public-key}), every other tenant shares the default issuer, which requires the
 * audience {@value #AUDIENCE}. Keys are test keys in {@code src/test/resources/security}; no issuer is configured by
 * URL, so enforced mode must follow from the keys alone. OIDC tenants are chosen by the sub-domain under
 * {@value #DOMAIN}; {@link ByIssuer} also by the token's issuer.
 */
public class PerTenantIssuers implements QuarkusTestProfile {
    public static final String DOMAIN = "tenants.test";
    public static final String AUDIENCE = "datably";
    public static final String SHARED = "shared";

    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.public-key", publicKey(SHARED));
        config.put("quarkus.oidc.token.issuer", issuer(SHARED));
        config.put("quarkus.oidc.token.audience", AUDIENCE);
        for (String tenant : List.of("acme", "globex")) {
            config.put("quarkus.oidc." + tenant + ".public-key", publicKey(tenant));
            config.put("quarkus.oidc." + tenant + ".token.issuer", issuer(tenant));
        }
        config.put("datably.tenant.domain", DOMAIN);
        config.put(EnforcedMode.RATE_LIMITS, "false"); // as in EnforcedMode: these tests are not about limits
        return config;
    }

    /** Enforced mode runs only with its policy decision point. */
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(CerbosResource.class));
    }

    /** The same, and OIDC tenants are also chosen by the token's {@code iss}. */
    public static class ByIssuer extends PerTenantIssuers {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = super.getConfigOverrides();
            config.put("quarkus.oidc.resolve-tenants-with-issuer", "true");
            return config;
        }
    }

    static String issuer(String provider) {
        return "https://" + provider + ".example.com";
    }

    /**
     * Claims of a token of {@code provider}'s issuer ({@value #SHARED}, acme, globex), valid for an hour, of an admin:
     * these tests are about who signs, and the default policies let admins do anything in their tenant.
     */
    static JwtClaimsBuilder claims(String provider, String subject, String tenant) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer(provider)).subject(subject).expiresIn(3600)
                .claim("roles", List.of("admin"));
        return tenant == null ? claims : claims.claim("tenant", tenant);
    }

    /** Signs with {@code provider}'s key. */
    static String sign(JwtClaimsBuilder claims, String provider) {
        return claims.jws().sign("security/" + provider + "-private.pem");
    }

    /** A valid token of {@code provider} (with the audience the shared issuer requires). */
    static String token(String provider, String subject, String tenant) {
        JwtClaimsBuilder claims = claims(provider, subject, tenant);
        return sign(provider.equals(SHARED) ? claims.audience(AUDIENCE) : claims, provider);
    }

    private static String publicKey(String provider) {
        try (InputStream pem = PerTenantIssuers.class.getResourceAsStream("/security/" + provider + "-public.pem")) {
            return new String(pem.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
