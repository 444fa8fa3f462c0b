package io.datably.api;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * The API description says how to authenticate: a bearer token (a JWT of the configured OpenID Connect issuer) on
 * every operation, so that SDKs generated from it send one, and the answers security may give to any of them (401,
 * 403, 429, 503). In local mode the service ignores the token. Run by {@link ApiContract}.
 */
public class BearerTokens implements OASFilter {
    static final String SCHEME = "bearerAuth";
    /** The answers of security that any operation may give (README "Errors"), problem+json. */
    static final Map<String, String> SECURITY_ANSWERS = Map.of(
            "401", "DS301: no bearer token, or one that is not valid here (enforced mode)",
            "403", "DS302: the tenant cannot be resolved, or the policies do not allow this",
            "429", "DS109: rate limit reached; Retry-After says when to send again",
            "503", "DS502/DS503: the authorization service, a dependency (PostgreSQL, MongoDB) or a resource is unavailable; Retry-After says when");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        Components components = openAPI.getComponents();
        components.setSecuritySchemes(Map.of(SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An access token of the service's OpenID Connect issuer (enforced mode). In local mode "
                        + "(no issuer configured) requests need none.")));
        openAPI.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SCHEME)));
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                    .forEach(BearerTokens::securityAnswers));
        }
    }

    /** The answers of security that any operation may give, so SDKs know them. */
    private static void securityAnswers(org.eclipse.microprofile.openapi.models.Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        SECURITY_ANSWERS.forEach((status, description) -> {
            if (operation.getResponses().getAPIResponse(status) == null) {
                APIResponse response = OASFactory.createAPIResponse().description(description);
                ErrorAnswers.errorBody(response, false);
                operation.getResponses().addAPIResponse(status, response);
            }
        });
    }
}
