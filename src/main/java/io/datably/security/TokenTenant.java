package io.datably.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.config.DatablyConfig;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.tenant.Tenant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tenant of an authenticated request, from what the request says of it: the token's tenant claim, the sub-domain
 * of the host under the configured domain, and the OIDC tenant whose issuer accepted the token. Every source present
 * must agree; none present is a refusal unless the install is single-tenant. A value that is not a valid tenant id is
 * refused before it reaches SQL or MongoDB. Every refusal is a 403 naming what was looked for.
 */
final class TokenTenant {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private final DatablyConfig.Tenant config;

    TokenTenant(DatablyConfig.Tenant config) {
        this.config = config;
    }

    /**
     * @param host the request's host name (no port)
     * @param issuerTenant the named OIDC tenant that verified the token, or null for the default one
     * @param header the {@code X-Tenant} header, or null
     */
    Tenant resolve(ObjectNode claims, String host, String issuerTenant, String header) {
        Map<String, String> sources = new LinkedHashMap<>();
        JsonNode claim = Claims.at(claims, config.claim());
        if (claim != null && !claim.isNull()) {
            if (!claim.isTextual()) {
                throw refused("The token's claim '" + config.claim() + "' is not a tenant id (a string)");
            }
            sources.put("the token's claim '" + config.claim() + "'", claim.textValue());
        }
        subdomain(host).ifPresent(sub -> sources.put("the host's sub-domain under " + config.domain().orElseThrow(),
                sub));
        if (issuerTenant != null) {
            sources.put("the issuer of the token (OIDC tenant '" + issuerTenant + "')", issuerTenant);
        }
        if (sources.isEmpty()) {
            String id = config.singleTenant().orElseThrow(() -> refused("No tenant: the token has no claim '"
                    + config.claim() + "'" + config.domain().map(d -> " and the host is no sub-domain of " + d)
                    .orElse("") + " (set datably.tenant.single-tenant for a single-tenant install)"));
            return checked(header, valid(id, "datably.tenant.single-tenant"));
        }
        if ((claim == null || claim.isNull()) && issuerTenant == null) {
            // Anyone can send a request to any host: a token of the shared issuer that names no tenant would get
            // into every tenant. The sub-domain only chooses among tenants the token is bound to.
            throw refused("The token names no tenant (claim '" + config.claim() + "'): the host's sub-domain alone "
                    + "does not bind a token of the shared issuer to a tenant");
        }
        String id = null;
        String from = null;
        for (Map.Entry<String, String> source : sources.entrySet()) {
            if (id != null && !id.equals(source.getValue())) {
                throw refused(from + " names tenant '" + abbreviate(id) + "' but " + source.getKey() + " names '"
                        + abbreviate(source.getValue()) + "'");
            }
            id = source.getValue();
            from = source.getKey();
        }
        return checked(header, valid(id, from));
    }

    private Optional<String> subdomain(String host) {
        Optional<String> label = label(host, config.domain());
        if (label.isPresent() && !LABEL.matcher(label.get()).matches()) {
            throw refused("The host '" + abbreviate(host) + "' is not one sub-domain of " + config.domain().get());
        }
        return label;
    }

    /** What precedes {@code .domain} in the host name (no port), unchecked; empty when the host is not under it. */
    static Optional<String> label(String host, Optional<String> domain) {
        if (domain.isEmpty() || host == null) {
            return Optional.empty();
        }
        String suffix = "." + domain.get().toLowerCase(Locale.ROOT);
        String name = host.toLowerCase(Locale.ROOT);
        if (!name.endsWith(suffix) || name.length() == suffix.length()) {
            return Optional.empty();
        }
        return Optional.of(name.substring(0, name.length() - suffix.length()));
    }

    /** The host name of a {@code Host} header: without its port ({@code [::1]:8080} keeps its brackets). */
    static String hostName(String header) {
        if (header == null) {
            return null;
        }
        int colon = header.lastIndexOf(':');
        return colon > 0 && !header.endsWith("]") ? header.substring(0, colon) : header;
    }

    private static Tenant valid(String id, String from) {
        try {
            return new Tenant(id);
        } catch (RuntimeException invalid) {
            throw refused(from + " holds '" + abbreviate(id) + "', which is not a valid tenant id (lowercase letters, "
                    + "digits and '_', starting with a letter, at most 40)");
        }
    }

    /** {@code X-Tenant} only ever confirms: naming another tenant than the token's is a 403, not a switch. */
    private static Tenant checked(String header, Tenant tenant) {
        if (header != null && !header.isBlank() && !header.trim().equals(tenant.id())) {
            throw refused("X-Tenant names '" + abbreviate(header.trim()) + "', but this request belongs to tenant '"
                    + tenant.id() + "'");
        }
        return tenant;
    }

    private static String abbreviate(String text) {
        return DatablyException.abbreviate(text);
    }

    static DatablyException refused(String detail) {
        return new DatablyException(ErrorCode.FORBIDDEN, detail);
    }
}
