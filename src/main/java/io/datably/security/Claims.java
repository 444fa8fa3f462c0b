package io.datably.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The claims of a token that Quarkus OIDC has verified, read as JSON, and claims found by dotted paths. */
final class Claims {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Claims() {
    }

    /** The payload of a verified JWT (its signature and claims were checked before this is called). */
    static ObjectNode of(String rawToken) {
        String[] parts = rawToken == null ? new String[0] : rawToken.split("\\.");
        if (parts.length < 2) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return payload instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
        } catch (IOException | IllegalArgumentException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /**
     * The claim named {@code path}: a claim of exactly that name (URL-like names contain dots), else the path walked
     * through nested objects ({@code organization.id}); null when absent.
     */
    static JsonNode at(ObjectNode claims, String path) {
        JsonNode exact = claims.get(path);
        if (exact != null) {
            return exact;
        }
        JsonNode node = claims;
        for (String step : path.split("\\.")) {
            node = node == null ? null : node.get(step);
        }
        return node;
    }

    /** The role names at each of {@code paths} (arrays of strings, or one string), united. */
    static Set<String> roles(ObjectNode claims, List<String> paths) {
        Set<String> roles = new LinkedHashSet<>();
        for (String path : paths) {
            JsonNode found = at(claims, path.trim());
            if (found != null && found.isArray()) {
                found.forEach(role -> {
                    if (role.isTextual()) {
                        roles.add(role.textValue());
                    }
                });
            } else if (found != null && found.isTextual()) {
                roles.add(found.textValue());
            }
        }
        return roles;
    }
}
