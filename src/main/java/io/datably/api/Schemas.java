package io.datably.api;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;

/** Walks every schema of an API description (components, parameters, bodies, answers), nested ones too. */
final class Schemas {
    static final String PREFIX = "#/components/schemas/";

    private Schemas() {
    }

    static void each(OpenAPI openAPI, Consumer<Schema> visit) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            openAPI.getComponents().getSchemas().values().forEach(schema -> walk(schema, visit));
        }
        operations(openAPI).forEach(operation -> inOperation(operation, visit));
    }

    static List<Operation> operations(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return List.of();
        }
        return openAPI.getPaths().getPathItems().values().stream()
                .flatMap(item -> item.getOperations().values().stream()).toList();
    }

    /**
     * Drops the component schemas no operation reaches: the Java classes the scanner met on its way that the
     * annotations then replaced (a generic page of a raw type, say) would otherwise become SDK models of nothing.
     */
    static void pruneUnreferenced(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        Consumer<Schema> collect = schema -> {
            if (schema.getRef() != null && schema.getRef().startsWith(PREFIX)) {
                pending.add(schema.getRef().substring(PREFIX.length()));
            }
        };
        operations(openAPI).forEach(operation -> inOperation(operation, collect));
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (reached.add(name) && schemas.containsKey(name)) {
                walk(schemas.get(name), collect);
            }
        }
        openAPI.getComponents().setSchemas(new java.util.TreeMap<>(schemas.entrySet().stream()
                .filter(e -> reached.contains(e.getKey()))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
    }

    private static void inOperation(Operation operation, Consumer<Schema> visit) {
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(p -> walk(p.getSchema(), visit));
        }
        if (operation.getRequestBody() != null) {
            inContent(operation.getRequestBody().getContent(), visit);
        }
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation.getResponses().getAPIResponses().values().forEach(r -> inContent(r.getContent(), visit));
        }
    }

    private static void inContent(Content content, Consumer<Schema> visit) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(type -> walk(type.getSchema(), visit));
        }
    }

    static void walk(Schema schema, Consumer<Schema> visit) {
        if (schema == null) {
            return;
        }
        visit.accept(schema);
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(s -> walk(s, visit));
        }
        walk(schema.getItems(), visit);
        walk(schema.getAdditionalPropertiesSchema(), visit);
        walk(schema.getNot(), visit);
        for (List<Schema> list : java.util.Arrays.asList(schema.getAllOf(), schema.getOneOf(), schema.getAnyOf())) {
            if (list != null) {
                list.forEach(s -> walk(s, visit));
            }
        }
    }
}
