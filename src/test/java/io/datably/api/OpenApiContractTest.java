package io.datably.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The generic API description (/q/openapi) is one SDK generators can use (README "Client SDKs"): every operation
 * has a unique operationId, no Java class leaks in as a model, every body names its schema, each status has one
 * type, parameters have their types. The document is saved as target/openapi.json, which
 * scripts/openapi-statuses.py compares with the statuses the tests produced.
 */
@QuarkusTest
class OpenApiContractTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete", "head", "options");
    /** Component names that are Java or Jackson classes, not API types. */
    private static final Pattern JAVA_CLASS = Pattern.compile(
            "(?i).*(JsonNode|JsonNodeType|ObjectNode|ArrayNode|Instant|Buffer|Multi|Uni|RestMulti|Response|"
                    + "OutboundSseEvent|InputStream)$|^(Object|Map|List|String|Record|Integer|Long|Boolean|Number|Set|Date)$|.*\\..*");
    private static JsonNode document;

    @BeforeEach
    void read() throws Exception {
        if (document != null) {
            return;
        }
        String json = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString();
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/openapi.json"), json);
        document = new ObjectMapper().readTree(json);
        given().get("/q/openapi").then().statusCode(200);
    }

    private static void operations(BiConsumer<String, JsonNode> each) {
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                each.accept(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }));
    }

    @Test
    void everyOperationHasAUniqueOperationIdAndATag() {
        Map<String, String> ids = new HashMap<>();
        List<String> problems = new ArrayList<>();
        operations((where, op) -> {
            String id = op.path("operationId").asText("");
            if (id.isEmpty()) {
                problems.add(where + ": no operationId");
            } else if (!id.matches("[a-z][A-Za-z0-9]*")) {
                problems.add(where + ": operationId " + id + " is not camelCase");
            } else if (ids.put(id, where) != null) {
                problems.add(where + ": operationId " + id + " also names " + ids.get(id));
            }
            if (op.path("tags").size() != 1) {
                problems.add(where + ": tags " + op.path("tags"));
            }
        });
        assertEquals(List.of(), problems);
        assertTrue(ids.size() > 60, "operations: " + ids.size());
    }

    @Test
    void theOneSecuritySchemeIsTheBearerToken() {
        // A scheme Quarkus adds on its own (openIdConnect without its URL) makes generators refuse the document.
        var names = new java.util.ArrayList<String>();
        document.path("components").path("securitySchemes").fieldNames().forEachRemaining(names::add);
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("bearerAuth"), names);
        org.junit.jupiter.api.Assertions.assertEquals("bearer",
                document.path("components").path("securitySchemes").path("bearerAuth").path("scheme").asText());
    }

    @Test
    void noJavaClassIsAModel() {
        List<String> names = new ArrayList<>();
        document.path("components").path("schemas").fieldNames().forEachRemaining(names::add);
        assertEquals(List.of(), names.stream().filter(n -> JAVA_CLASS.matcher(n).matches()).toList());
        String text = document.toString();
        for (String leak : List.of("\"empty\":{\"type\":\"boolean\"}", "value_node", "node_type", "JsonNode")) {
            assertTrue(!text.contains(leak), "a Jackson member leaks: " + leak);
        }
    }

    @Test
    void sharedQueryParametersHaveTheirTypes() {
        Map<String, String> types = Map.of("page_size", "integer", "is_active", "boolean", "dry_run", "boolean",
                "allow_destructive", "boolean", "async", "boolean", "purge", "boolean", "limit", "integer",
                "is_materialized", "boolean");
        List<String> problems = new ArrayList<>();
        operations((where, op) -> op.path("parameters").forEach(parameter -> {
            String name = parameter.path("name").asText();
            String type = parameter.path("schema").path("type").asText();
            boolean treeQl = where.contains("/records/{table}");
            String expected = "page".equals(name) && !treeQl ? "integer" : types.get(name);
            if (expected != null && !expected.equals(type)) {
                problems.add(where + ": " + name + " is " + type + ", not " + expected);
            }
        }));
        assertEquals(List.of(), problems);
        JsonNode list = document.path("paths").path("/api/apps/{app}/datasources/{ds}/datatables/{table}/records")
                .path("get");
        List<String> names = new ArrayList<>();
        list.path("parameters").forEach(p -> names.add(p.path("name").asText()));
        assertTrue(names.containsAll(List.of("page", "page_size", "cursor", "count", "ordering", "fields", "expand",
                "search", "deleted", "price__gte", "name__icontains", "or")), names.toString());
        assertTrue(list.path("description").asText().contains("icontains"), "the filter grammar is described");
        JsonNode deleted = parameter(list, "deleted");
        assertEquals("exclude", deleted.path("schema").path("default").asText());
        assertEquals(3, deleted.path("schema").path("enum").size());
        JsonNode providerType = document.path("components").path("schemas").path("DataSourceInput")
                .path("properties").path("provider_type");
        assertEquals(List.of("flat_table", "jsonb", "mongodb"),
                new ObjectMapper().convertValue(providerType.path("enum"), List.class));
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if (name.equals(parameter.path("name").asText())) {
                return parameter;
            }
        }
        throw new AssertionError("no parameter " + name);
    }

    @Test
    void everyAnswerNamesItsSchema() {
        List<String> problems = new ArrayList<>();
        operations((where, op) -> {
            JsonNode responses = op.path("responses");
            List<String> statuses = new ArrayList<>();
            responses.fieldNames().forEachRemaining(statuses::add);
            if (statuses.stream().noneMatch(s -> s.startsWith("2"))) {
                problems.add(where + ": no success answer");
            }
            // A 204-only operation declares its errors without a media type (a generated client would send
            // "Accept: application/problem+json" alone, which the native API refuses 406); they say Problem.
            boolean bodiless = statuses.stream().filter(s -> s.startsWith("2"))
                    .allMatch(s -> responses.path(s).path("content").isEmpty());
            responses.fields().forEachRemaining(response -> {
                String status = response.getKey();
                JsonNode content = response.getValue().path("content");
                if (status.startsWith("4") || status.startsWith("5")) {
                    if (bodiless ? !content.isEmpty() || !response.getValue().path("description").asText()
                            .contains("Problem") : content.isEmpty()) {
                        problems.add(where + " " + status + ": no error body, or one a client cannot accept");
                    }
                }
                if ("204".equals(status) && !content.isEmpty()) {
                    problems.add(where + " 204 with a body");
                }
                content.fields().forEachRemaining(type -> {
                    JsonNode schema = type.getValue().path("schema");
                    if (schema.isMissingNode() || schema.isEmpty()) {
                        problems.add(where + " " + status + " " + type.getKey() + ": no schema");
                    }
                    if (schema.has("oneOf") && !schema.has("discriminator")) {
                        problems.add(where + " " + status + ": oneOf without a discriminator");
                    }
                    if (type.getKey().contains("problem") && !schema.path("$ref").asText().endsWith("/Problem")) {
                        problems.add(where + " " + status + ": problem+json is not a Problem");
                    }
                });
            });
            JsonNode body = op.path("requestBody").path("content");
            body.fields().forEachRemaining(type -> {
                JsonNode schema = type.getValue().path("schema");
                if (schema.isMissingNode() || schema.isEmpty()
                        || schema.path("$ref").asText().endsWith("/AnyValue")) {
                    problems.add(where + " body " + type.getKey() + ": no schema");
                }
            });
        });
        assertEquals(List.of(), problems);
    }

    @Test
    void recordsAnswerRecords() {
        String records = "/api/apps/{app}/datasources/{ds}/datatables/{table}/records";
        assertEquals("#/components/schemas/RecordPage", answer(records, "get", "200"));
        assertEquals("#/components/schemas/CreatedRecords", answer(records, "post", "201"));
        assertEquals("#/components/schemas/CreatedRecords", answer(records, "post", "200"));
        assertEquals("#/components/schemas/DataRecord", answer(records + "/{pk}", "get", "200"));
        assertEquals("#/components/schemas/AggregateResults", answer(records + "/aggregate", "get", "200"));
        assertEquals("#/components/schemas/TreeQlList",
                answer("/api/apps/{app}/datasources/{ds}/records/{table}", "get", "200"));
        JsonNode record = document.path("components").path("schemas").path("DataRecord");
        assertEquals("object", record.path("type").asText());
        assertTrue(record.path("additionalProperties").asBoolean(), "a record is a free-form object");
        JsonNode tableSchema = document.path("components").path("schemas").path("TableSchema").path("properties");
        for (String member : List.of("fields", "primaryKey", "foreignKeys", "uniqueKeys")) {
            assertTrue(tableSchema.has(member), "TableSchema." + member);
        }
    }

    private static String answer(String path, String method, String status) {
        return document.path("paths").path(path).path(method).path("responses").path(status).path("content")
                .path("application/json").path("schema").path("$ref").asText();
    }

    /**
     * A schema change answers the datatable, or on a dry run the preview, both 200: the description declares the
     * discriminator kind, and the service writes it, so a generated client deserializes the one it got.
     */
    @Test
    void dryRunPreviewsAreToldApartByKind() {
        String table = "/api/apps/{app}/datasources/{ds}/datatables/{table}";
        for (String[] operation : List.of(new String[] {table, "put"}, new String[] {table, "patch"},
                new String[] {table + "/operations/{id}/rollback", "post"})) {
            assertEquals("#/components/schemas/SchemaChangeAnswer", document.path("paths").path(operation[0])
                    .path(operation[1]).path("responses").path("200").path("content").path("application/json")
                    .path("schema").path("$ref").asText(), operation[0]);
            JsonNode schema = document.path("components").path("schemas").path("SchemaChangeAnswer");
            assertEquals("kind", schema.path("discriminator").path("propertyName").asText(), operation[0]);
            assertEquals("#/components/schemas/MigrationPreview",
                    schema.path("discriminator").path("mapping").path("migration_preview").asText());
            assertEquals("#/components/schemas/DataTableView",
                    schema.path("discriminator").path("mapping").path("datatable").asText());
        }
        for (String model : List.of("DataTableView", "MigrationPreview")) {
            JsonNode component = document.path("components").path("schemas").path(model);
            assertTrue(component.path("required").toString().contains("\"kind\""), model + " requires kind");
        }

        Api api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        String records = api.createTable(ds, "things", "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],"
                + "\"primaryKey\":\"id\"}");
        String path = records.replace("/records/", "");
        api.get(path).statusCode(200).body("kind", equalTo("datatable"));
        String wider = "{\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                + "{\"name\":\"label\",\"type\":\"string\"}],\"primaryKey\":\"id\"}}";
        api.patch(path + "?dry_run=true", wider).statusCode(200).body("kind", equalTo("migration_preview"))
                .body("dry_run", equalTo(true));
        api.patch(path, wider).statusCode(200).body("kind", equalTo("datatable"));

        String imports = path + "/imports/";
        api.request().contentType("text/csv").body("id,label\n1,a\n").post(imports).then().statusCode(200)
                .body("kind", equalTo("import_report"));
        api.request().contentType("text/csv").body("id,label\n2,b\n").post(imports + "?async=true").then()
                .statusCode(202).body("kind", equalTo("import_job"));
    }

    /**
     * A generated client sends the media types an operation declares as its Accept: the service must take it, for an
     * operation answering JSON and for one answering nothing (204).
     */
    @Test
    void theAcceptAGeneratedClientSendsIsServed() {
        String tenant = Api.newTenantId("oas");
        String app = Api.createApp(tenant, "a", "a-" + Api.unique());
        JsonNode paths = document.path("paths");
        String get = accept(paths.path("/api/apps/{app}").path("get"));
        String delete = accept(paths.path("/api/apps/{app}").path("delete"));
        assertTrue(get.contains("application/json"), get);
        assertEquals("", delete, "a 204-only operation declares no media type (the generator then sends JSON's)");
        Api.as(tenant).accept(get).get("/api/apps/" + app).then().statusCode(200);
        // A create's 201 names what it made (the document declares Location), where it can be read.
        String made = "b-" + Api.unique();
        String location = Api.as(tenant).body("{\"name\":\"b\",\"slug\":\"" + made + "\"}").post("/api/apps/")
                .then().statusCode(201).extract().header("Location");
        assertTrue(location != null && location.endsWith("/api/apps/" + made), location);
        Api.as(tenant).get(java.net.URI.create(location).getPath()).then().statusCode(200);
        String ds = Api.as(tenant).body("{\"name\":\"d\",\"slug\":\"d\",\"provider_type\":\"flat_table\"}")
                .post("/api/apps/" + made + "/datasources").then().statusCode(201).extract().header("Location");
        assertTrue(ds.endsWith("/api/apps/" + made + "/datasources/d"), ds);
        assertEquals("uri", document.path("paths").path("/api/apps").path("post").path("responses").path("201")
                .path("headers").path("Location").path("schema").path("format").asText());
        Api.as(tenant).accept("application/json").delete("/api/apps/" + app).then().statusCode(204);
    }

    private static String accept(JsonNode operation) {
        java.util.Set<String> types = new java.util.TreeSet<>();
        operation.path("responses").forEach(r -> r.path("content").fieldNames().forEachRemaining(types::add));
        return String.join(", ", types);
    }

    /**
     * OpenAPI Generator's Java client does not compile a oneOf with an array among its options, and fails ("2 classes
     * match") on a oneOf of objects an answer matches more than one of, unless a discriminator says which.
     */
    @Test
    void noOneOfHasAnArrayOption() {
        List<String> found = new ArrayList<>();
        walk(document, "#", found);
        assertEquals(List.of(), found);
    }

    private static void walk(JsonNode node, String where, List<String> found) {
        if (node.has("oneOf")) {
            boolean objects = true;
            for (JsonNode option : node.path("oneOf")) {
                objects &= option.has("$ref");
            }
            if (objects && !node.has("discriminator")) {
                found.add(where + ": a oneOf of objects without a discriminator");
            }
            node.path("oneOf").forEach(option -> {
                if ("array".equals(option.path("type").asText()) || option.path("type").toString().contains("array")) {
                    found.add(where);
                }
            });
        }
        node.fields().forEachRemaining(e -> walk(e.getValue(), where + "/" + e.getKey(), found));
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), where + "/" + i, found);
            }
        }
    }

    /**
     * A generated client reads every success answer of an operation with one type (the first declared), so they
     * share one schema: several shapes are a discriminated oneOf (an import's report, 200, or job, 202).
     */
    @Test
    void theSuccessAnswersOfAnOperationShareOneSchema() {
        List<String> problems = new ArrayList<>();
        operations((where, op) -> {
            java.util.Set<String> schemas = new java.util.HashSet<>();
            op.path("responses").fields().forEachRemaining(r -> {
                JsonNode json = r.getValue().path("content").path("application/json");
                if (r.getKey().startsWith("2") && !json.isMissingNode()) {
                    schemas.add(json.path("schema").toString());
                }
            });
            if (schemas.size() > 1) {
                problems.add(where + ": " + schemas);
            }
        });
        assertEquals(List.of(), problems);
        JsonNode imports = document.path("paths")
                .path("/api/apps/{app}/datasources/{ds}/datatables/{table}/imports").path("post").path("responses");
        assertEquals("#/components/schemas/ImportAnswer", imports.path("202").path("content")
                .path("application/json").path("schema").path("$ref").asText());
        JsonNode discriminator = document.path("components").path("schemas").path("ImportAnswer")
                .path("discriminator");
        assertEquals("kind", discriminator.path("propertyName").asText());
        assertEquals("#/components/schemas/ImportJob", discriminator.path("mapping").path("import_job").asText());
        assertEquals("#/components/schemas/ImportReport",
                discriminator.path("mapping").path("import_report").asText());
    }
}
