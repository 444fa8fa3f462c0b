package io.datably.api;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The generic API description (/q/openapi) as SDK generators need it (README "Client SDKs"): the JSON members the
 * code carries as Jackson trees are described by what they hold (a Table Schema, a free-form object), and every error
 * answer names its body: problem+json ({@code Problem}) natively, TreeQL's {@code {"code","message"}} under TreeQL.
 * Then {@link BearerTokens} adds the security scheme and its answers. The only {@code mp.openapi.filter}.
 */
public class ApiContract implements OASFilter {
    static final String PROBLEM = "#/components/schemas/Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    private static final String TREEQL_ERROR = "#/components/schemas/TreeQlError";
    private static final String ANY_VALUE = "#/components/schemas/AnyValue";
    /** Members held as any JSON value in the code, and what they hold. */
    private static final Map<String, String> JSON_MEMBERS = Map.of("json_schema", "#/components/schemas/TableSchema");

    /** Components named after a Java class whose simple name says nothing to an SDK user, and their names. */
    private static final Map<String, String> NAMES = Map.of("View", "ImportJob", "Result", "AdoptionResult");
    private static final List<String> PROVIDER_TYPES = List.of("flat_table", "jsonb", "mongodb");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() != null && openAPI.getComponents().getSchemas() != null) {
            Map<String, Schema> schemas = new java.util.TreeMap<>(openAPI.getComponents().getSchemas());
            NAMES.forEach((from, to) -> {
                if (schemas.containsKey(from)) {
                    schemas.put(to, schemas.remove(from));
                }
            });
            openAPI.getComponents().setSchemas(schemas);
            schemas.values().forEach(ApiContract::describeJsonMembers);
        }
        Schemas.each(openAPI, schema -> {
            if (schema.getRef() != null && schema.getRef().startsWith(Schemas.PREFIX)
                    && NAMES.containsKey(schema.getRef().substring(Schemas.PREFIX.length()))) {
                schema.setRef(NAMES.get(schema.getRef().substring(Schemas.PREFIX.length())));
            }
        });
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values()
                    .forEach(ApiContract::errorBodies));
        }
        new BearerTokens().filterOpenAPI(openAPI);
        Schemas.pruneUnreferenced(openAPI);
    }

    private static void describeJsonMembers(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().forEach((name, property) -> {
            if ("provider_type".equals(name)) {
                property.setEnumeration(new java.util.ArrayList<>(PROVIDER_TYPES));
            }
            if (!ANY_VALUE.equals(property.getRef())) {
                return;
            }
            if (JSON_MEMBERS.containsKey(name)) {
                property.setRef(JSON_MEMBERS.get(name));
            } else if (name.endsWith("_config")) {
                property.setRef(null);
                property.setType(List.of(Schema.SchemaType.OBJECT));
                property.setAdditionalPropertiesBoolean(true);
            }
        });
    }

    /** Every 4xx and 5xx the resources declare without a body gets the error body of its API. */
    private static void errorBodies(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        boolean treeQl = operation.getTags() != null && operation.getTags().contains("TreeQL");
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                errorBody(response, treeQl && !BearerTokens.SECURITY_ANSWERS.containsKey(status));
            }
        });
    }

    static void errorBody(APIResponse response, boolean treeQl) {
        String mediaType = treeQl ? "application/json" : PROBLEM_JSON;
        String ref = treeQl ? TREEQL_ERROR : PROBLEM;
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            response.setContent(OASFactory.createContent().addMediaType(mediaType,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ref))));
            return;
        }
        for (MediaType type : response.getContent().getMediaTypes().values()) {
            if (type.getSchema() == null) {
                type.setSchema(OASFactory.createSchema().ref(ref));
            }
        }
    }
}
