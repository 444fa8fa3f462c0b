package io.datably.api;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/**
 * The generic API description (/q/openapi) as SDK generators need it (README "Client SDKs"): the JSON members the
 * code carries as Jackson trees are described by what they hold (a Table Schema, a free-form object), and every error
 * answer names its body ({@link ErrorAnswers}); parameters read from the whole query are typed; answers of several
 * kinds are discriminated. {@link BearerTokens} adds the security scheme and its answers first. The only filter of
 * the document, run when the service is built: nothing in it depends on runtime settings, and run at start it was a
 * fifth of the start-up time (bench/startup.sh).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiContract implements OASFilter {
    static final String PROBLEM = "#/components/schemas/Problem";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String TREEQL_ERROR = "#/components/schemas/TreeQlError";
    private static final String ANY_VALUE = "#/components/schemas/AnyValue";
    /** Members held as any JSON value in the code, and what they hold. */
    private static final Map<String, String> JSON_MEMBERS = Map.of("json_schema", "#/components/schemas/TableSchema");

    /** Components named after a Java class whose simple name says nothing to an SDK user, and their names. */
    private static final Map<String, String> NAMES = Map.of("View", "ImportJob", "Result", "AdoptionResult");
    /**
     * The objects one answer may be, by their {@code kind} member (which the service writes): a schema change answers
     * the datatable, or on a dry run the preview, under the same status, and an import its report (200) or its job
     * (202); a generated client reads every success with one type, so it tells them apart by this member.
     */
    private static final Map<String, String> KINDS = Map.of("DataTableView", "datatable",
            "MigrationPreview", "migration_preview", "ImportReport", "import_report", "ImportJob", "import_job");
    /** The names of the discriminated answers, by their kinds: SDKs would otherwise call them ...200Response. */
    private static final Map<java.util.Set<String>, String> ALTERNATIVES = Map.of(
            java.util.Set.of("datatable", "migration_preview"), "SchemaChangeAnswer",
            java.util.Set.of("import_report", "import_job"), "ImportAnswer");
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
            KINDS.forEach((name, kind) -> {
                if (schemas.containsKey(name)) {
                    schemas.get(name).addProperty("kind", OASFactory.createSchema()
                            .type(List.of(Schema.SchemaType.STRING)).enumeration(List.of(kind))
                            .description("What this object is: " + kind));
                    schemas.get(name).addRequired("kind");
                }
            });
        }
        // An annotation's ref on a scanned parameter keeps what the scanner found beside it, which generators refuse.
        Schemas.each(openAPI, schema -> {
            if (schema.getRef() != null) {
                schema.setType(null);
                schema.setProperties(null);
            }
        });
        Schemas.each(openAPI, schema -> {
            if (schema.getRef() != null && schema.getRef().startsWith(Schemas.PREFIX)
                    && NAMES.containsKey(schema.getRef().substring(Schemas.PREFIX.length()))) {
                schema.setRef(NAMES.get(schema.getRef().substring(Schemas.PREFIX.length())));
            }
        });
        Schemas.each(openAPI, ApiContract::discriminate);
        Schemas.each(openAPI, schema -> nameAlternatives(openAPI, schema));
        new BearerTokens().filterOpenAPI(openAPI);
        Map<String, Parameter> shared = openAPI.getComponents() == null
                || openAPI.getComponents().getParameters() == null ? Map.of()
                : openAPI.getComponents().getParameters();
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            ErrorAnswers.usual(path, method, operation);
            ErrorAnswers.bodies(operation);
            if (!treeQl(operation)) {
                typeParameters(operation, shared);
            }
            textByDefault(operation);
            if (path.endsWith("/openapi")) {
                describesAnApi(operation);
            }
            ErrorAnswers.withoutBodyWhenSuccessHasNone(operation);
        }));
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

    /**
     * The resources read query parameters as text (to answer a 400 naming the culprit rather than the framework's
     * 404), so the scanner would call them strings: a parameter named as a shared one takes its type, enum and
     * default.
     */
    private static void typeParameters(Operation operation, Map<String, Parameter> shared) {
        if (operation.getParameters() == null) {
            return;
        }
        for (Parameter parameter : operation.getParameters()) {
            Parameter typed = shared.get(parameter.getName());
            if (typed == null || parameter.getIn() != Parameter.In.QUERY || parameter.getRef() != null) {
                continue;
            }
            parameter.setSchema(typed.getSchema());
            if (parameter.getDescription() == null || parameter.getDescription().isBlank()) {
                parameter.setDescription(typed.getDescription());
            }
            if (parameter.getExample() == null && typed.getExample() != null) {
                parameter.setExample(typed.getExample());
            }
            if (typed.getRequired() != null && parameter.getRequired() == null) {
                parameter.setRequired(typed.getRequired());
            }
        }
    }

    /** A oneOf of kinds gets its discriminator, so a client deserializes the one object the service sent. */
    private static void discriminate(Schema schema) {
        if (schema.getOneOf() == null || schema.getOneOf().isEmpty() || schema.getDiscriminator() != null) {
            return;
        }
        Map<String, String> mapping = new java.util.LinkedHashMap<>();
        for (Schema option : schema.getOneOf()) {
            String name = option.getRef() == null ? null : option.getRef().substring(Schemas.PREFIX.length());
            if (name == null || !KINDS.containsKey(name)) {
                return;
            }
            mapping.put(KINDS.get(name), Schemas.PREFIX + name);
        }
        schema.setDiscriminator(OASFactory.createDiscriminator().propertyName("kind").mapping(mapping));
    }

    /** A discriminated oneOf written in place becomes a named component, and the place refers to it. */
    private static void nameAlternatives(OpenAPI openAPI, Schema schema) {
        if (schema.getDiscriminator() == null || schema.getDiscriminator().getMapping() == null) {
            return;
        }
        String name = ALTERNATIVES.get(schema.getDiscriminator().getMapping().keySet());
        if (name == null) {
            return;
        }
        if (openAPI.getComponents().getSchemas() == null || !openAPI.getComponents().getSchemas().containsKey(name)) {
            openAPI.getComponents().addSchema(name, OASFactory.createSchema().oneOf(schema.getOneOf())
                    .discriminator(schema.getDiscriminator()));
        }
        schema.setOneOf(null);
        schema.setDiscriminator(null);
        schema.setRef(name);
    }

    /** An operation serving an API description (TreeQL's, an app's) answers a document, whatever else it says. */
    private static void describesAnApi(Operation operation) {
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("2") && response.getContent() != null
                    && response.getContent().getMediaType("application/json") != null
                    && response.getContent().getMediaType("application/json").getSchema() == null) {
                response.getContent().getMediaType("application/json")
                        .setSchema(OASFactory.createSchema().ref("OpenApiDocument"));
            }
        });
    }

    /** A parameter declared by name only (one the resource reads from the whole query) is text. */
    private static void textByDefault(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().stream().filter(p -> p.getRef() == null && p.getSchema() == null
                    && p.getContent() == null).forEach(p -> p.setSchema(OASFactory.createSchema()
                    .type(List.of(Schema.SchemaType.STRING))));
        }
    }

    /** TreeQL's operations keep TreeQL's parameters (its page is "number,size") and errors. */
    static boolean treeQl(Operation operation) {
        return operation.getTags() != null && operation.getTags().contains("TreeQL");
    }
}
