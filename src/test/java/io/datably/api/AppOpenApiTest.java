package io.datably.api;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.datably.testsupport.TenantSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The typed per-app OpenAPI documents ({@code GET /api/apps/{app}/openapi[?datasource=]}): schemas and constraints
 * as the records API checks them, patch schemas without required fields, generated fields read-only, names that a
 * generated SDK can use (unique, no built-ins), stable bytes, an ETag that follows schema changes, and a document
 * the parser SDK generators use reads without a message.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppOpenApiTest {
    private static final String PRODUCTS = """
            {"fields": [
              {"name": "id", "type": "integer"},
              {"name": "name", "type": "string", "title": "Name", "description": "What it is called",
               "constraints": {"required": true, "minLength": 1, "maxLength": 80, "pattern": "[A-Z].*"}},
              {"name": "price", "type": "number", "constraints": {"minimum": 0, "exclusiveMaximum": 10000}},
              {"name": "qty", "type": "integer", "constraints": {"minimum": 1, "maximum": 99}},
              {"name": "email", "type": "string", "format": "email"},
              {"name": "status", "type": "string", "constraints": {"enum": ["draft", "live"]}},
              {"name": "made", "type": "date"},
              {"name": "updated", "type": "datetime"},
              {"name": "tags", "type": "array"},
              {"name": "category_id", "type": "integer"}],
             "primaryKey": ["id"],
             "foreignKeys": [{"fields": ["category_id"], "reference": {"resource": "categories", "fields": ["id"]}}]}""";

    @Inject
    Pool pool;

    private Api api;
    private String app;
    private String flat;

    @BeforeEach
    void app() {
        if (api != null) {
            return;
        }
        api = Api.newTenant();
        flat = api.createDataSource("flat_table");
        app = flat.split("/")[3];
        api.createTable(flat, "categories", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}],
                 "primaryKey": ["id"]}""");
        api.createTable(flat, "products", PRODUCTS);
        // An adopted table: its serial key is filled by the store (datably:generated), and a view is read-only.
        TenantSchema.run(pool, api, "CREATE TABLE counters (id serial PRIMARY KEY, n integer NOT NULL);"
                + "CREATE VIEW big_counters AS SELECT id, n FROM counters WHERE n > 10");
        api.post(flat + "/adopt/", "{}").statusCode(200);
        Api.createDataSource(api.tenantId(), app, "docs", "jsonb");
        String docs = "/api/apps/" + app + "/datasources/docs";
        api.createTable(docs, "products", """
                {"fields": [{"name": "sku", "type": "string"}, {"name": "body", "type": "object"}],
                 "primaryKey": ["sku"]}""");
        api.createTable(docs, "object", """
                {"fields": [{"name": "id", "type": "integer"}], "primaryKey": ["id"]}""");
        api.createTable(docs, "memos", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "title", "type": "string"}],
                 "primaryKey": ["id"], "datably:softDelete": true}""");
    }

    private Response document(String query) {
        Response response = api.request().get("/api/apps/" + app + "/openapi" + query);
        response.then().log().ifValidationFails().statusCode(200).contentType("application/json")
                .header("Cache-Control", "no-cache");
        return response;
    }

    private JsonNode schemas(String query) {
        return Api.json(document(query)).path("components").path("schemas");
    }

    @Test
    void recordSchemasKeepTypesAndConstraints() {
        JsonNode products = schemas("").path("DsProducts");
        assertEquals(Api.json("[\"id\",\"name\"]"), products.path("required"));
        JsonNode p = products.path("properties");
        assertEquals(Api.json("""
                {"type": "string", "title": "Name", "description": "What it is called", "minLength": 1,
                 "maxLength": 80, "pattern": "^(?:[A-Z].*)$"}"""), p.path("name"));
        assertEquals(Api.json("{\"type\": \"integer\", \"format\": \"int64\"}"), p.path("id"));
        assertEquals(0, p.path("price").path("minimum").intValue());
        assertEquals(10000, p.path("price").path("maximum").intValue());
        assertTrue(p.path("price").path("exclusiveMaximum").booleanValue());
        assertEquals("number", p.path("price").path("type").asText());
        assertEquals(Api.json("""
                {"type": "integer", "format": "int64", "minimum": 1, "maximum": 99, "nullable": true}"""), p.path("qty"));
        assertEquals(Api.json("{\"type\": \"string\", \"format\": \"email\", \"nullable\": true}"),
                p.path("email"));
        assertEquals(Api.json("{\"type\": \"string\", \"enum\": [\"draft\", \"live\"], \"nullable\": true}"),
                p.path("status"));
        assertEquals("date", p.path("made").path("format").asText());
        assertEquals("date-time", p.path("updated").path("format").asText());
        assertEquals("array", p.path("tags").path("type").asText());
        // The relation: an optional read-only property, the related table's record.
        assertEquals("#/components/schemas/Categories", p.path("category").path("allOf").path(0).path("$ref").asText());
        assertTrue(p.path("category").path("readOnly").booleanValue());
        assertEquals("#/components/schemas/DsProducts",
                schemas("").path("Categories").path("properties").path("products").path("items").path("$ref").asText());
    }

    @Test
    void patchSchemasRequireNothing() {
        JsonNode schemas = schemas("");
        schemas.fieldNames().forEachRemaining(name -> {
            if (name.endsWith("Patch")) {
                assertFalse(schemas.path(name).has("required"), name + " requires fields");
            }
        });
        JsonNode patch = schemas.path("DsProductsPatch").path("properties");
        assertFalse(patch.path("name").has("nullable"), "a required field cannot be set to null");
        assertTrue(patch.path("qty").path("nullable").booleanValue());
        assertEquals(99, patch.path("qty").path("maximum").intValue());
    }

    @Test
    void generatedFieldsAndViewsAreReadOnly() {
        JsonNode schemas = schemas("");
        JsonNode counters = schemas.path("Counters");
        assertEquals(Api.json("{\"type\": \"integer\", \"format\": \"int64\", \"readOnly\": true}"),
                counters.path("properties").path("id"));
        assertEquals(Api.json("[\"n\"]"), counters.path("required"), "the store fills id: a create may leave it out");
        JsonNode viewFields = schemas.path("BigCounters").path("properties");
        assertEquals(Set.of("id", "n"), names(viewFields), "the view's columns");
        viewFields.forEach(f -> assertTrue(f.path("readOnly").booleanValue()));
        JsonNode doc = Api.json(document(""));
        String view = "/api/apps/" + app + "/datasources/ds/datatables/big_counters/records/";
        assertEquals(Set.of("get"), names(doc.path("paths").path(view)));
        assertEquals(Set.of("get"), names(doc.path("paths").path(view + "{pk}/")), "a view is read, never written");
    }

    @Test
    void pathsAndOperationsAreNamedPerTable() {
        JsonNode doc = Api.json(document(""));
        assertEquals("3.0.3", doc.path("openapi").asText());
        String products = "/api/apps/" + app + "/datasources/ds/datatables/products/records/";
        JsonNode list = doc.path("paths").path(products);
        assertEquals("listDsProducts", list.path("get").path("operationId").asText());
        assertEquals("createDsProducts", list.path("post").path("operationId").asText());
        assertEquals("#/components/schemas/DsProductsPage",
                list.path("get").path("responses").path("200").path("content").path("application/json")
                        .path("schema").path("$ref").asText());
        JsonNode one = doc.path("paths").path(products + "{pk}/");
        assertEquals("getDsProducts", one.path("get").path("operationId").asText());
        assertEquals("replaceDsProducts", one.path("put").path("operationId").asText());
        assertEquals("updateDsProducts", one.path("patch").path("operationId").asText());
        assertEquals("#/components/schemas/DsProductsPatch", one.path("patch").path("requestBody").path("content")
                .path("application/json").path("schema").path("$ref").asText());
        assertEquals("deleteDsProducts", one.path("delete").path("operationId").asText());
        assertEquals("integer", one.path("parameters").path(0).path("schema").path("type").asText());
        assertEquals("aggregateDsProducts", doc.path("paths").path(products + "aggregate/").path("get")
                .path("operationId").asText());
        // The same table name in two datasources: both prefixed; a built-in's name gets a suffix.
        assertTrue(doc.path("components").path("schemas").has("DocsProducts"));
        assertTrue(doc.path("components").path("schemas").has("ObjectRecord"));
        assertFalse(doc.path("components").path("schemas").has("Object"));
        // Every operationId once.
        List<String> ids = new ArrayList<>();
        doc.path("paths").forEach(item -> item.forEach(op -> {
            if (op.has("operationId")) {
                ids.add(op.path("operationId").asText());
            }
        }));
        assertEquals(ids.size(), new TreeSet<>(ids).size(), "duplicate operationIds: " + ids);
        // A generated client sends Accept with the media types its operation declares: application/json must be
        // among them (or none declared), or the records API, which produces application/json, answers 406.
        doc.path("paths").forEach(item -> item.fields().forEachRemaining(op -> {
            Set<String> types = new TreeSet<>();
            op.getValue().path("responses").forEach(r -> r.path("content").fieldNames().forEachRemaining(types::add));
            assertTrue(types.isEmpty() || types.contains("application/json"),
                    op.getValue().path("operationId").asText() + " declares only " + types);
        }));
        // One datasource's document: no clash left, so no prefix.
        JsonNode docs = schemas("?datasource=docs");
        assertEquals(Set.of("Products", "ProductsPatch", "ProductsPage", "ProductsAggregates", "ObjectRecord",
                "ObjectRecordPatch", "ObjectRecordPage", "ObjectRecordAggregates", "Memos", "MemosPatch", "MemosPage",
                "MemosAggregates", "Problem"), names(docs));
    }

    @Test
    void listDeclaresFiltersPerFieldAndOperator() {
        JsonNode doc = Api.json(document(""));
        JsonNode params = doc.path("paths").path("/api/apps/" + app + "/datasources/ds/datatables/products/records/")
                .path("get").path("parameters");
        Set<String> names = new TreeSet<>();
        params.forEach(p -> names.add(p.path("name").asText()));
        assertTrue(names.containsAll(List.of("page", "page_size", "ordering", "fields", "expand", "search", "price",
                "price__gte", "price__range", "name__icontains", "updated__year", "made__date", "status__in",
                "tags__has", "email__isnull")), names.toString());
        assertFalse(names.contains("price__icontains"), "text matching does not apply to numbers");
        assertFalse(names.contains("tags__gte"), "arrays are not ordered");
        assertFalse(names.contains("qty__year"), "date parts apply to dates");
        JsonNode expand = find(params, "expand");
        assertEquals(Api.json("[\"category\"]"), expand.path("schema").path("items").path("enum"));
        assertTrue(find(params, "ordering").path("schema").path("items").path("enum").toString().contains("\"-price\""));
        assertEquals(Api.json("{\"type\": \"number\"}"), find(params, "price__gte").path("schema"));
        // The filters answer as documented: a real request with some of them.
        api.post(flat + "/datatables/categories/records/", "{\"id\": 1, \"name\": \"tools\"}").statusCode(201);
        api.post(flat + "/datatables/products/records/", """
                {"id": 1, "name": "Hammer", "price": 9.5, "qty": 3, "updated": "2024-01-15T10:00:00Z",
                 "category_id": 1}""").statusCode(201);
        api.request().urlEncodingEnabled(false).get(flat + "/datatables/products/records/?price__gte=9&price__range=1,10"
                        + "&name__icontains=amm&updated__year=2024&ordering=-price,name&expand=category")
                .then().statusCode(200).body("count", equalTo(1)).body("results[0].updated",
                        equalTo("2024-01-15T10:00:00Z")).body("results[0].category.name", equalTo("tools"));
    }

    @Test
    void softDeleteTablesDeclareTheirMarkersAndParameters() {
        JsonNode doc = Api.json(document("?datasource=docs"));
        JsonNode marker = doc.path("components").path("schemas").path("Memos").path("properties").path("_deleted_at");
        assertEquals("date-time", marker.path("format").asText());
        assertTrue(marker.path("readOnly").booleanValue());
        String memos = "/api/apps/" + app + "/datasources/docs/datatables/memos/records/";
        assertEquals(Api.json("[\"include\", \"only\"]"), find(doc.path("paths").path(memos).path("get")
                .path("parameters"), "deleted").path("schema").path("enum"));
        assertEquals("boolean", find(doc.path("paths").path(memos + "{pk}/").path("delete").path("parameters"),
                "purge").path("schema").path("type").asText());
        // A table without soft delete has neither.
        String products = "/api/apps/" + app + "/datasources/docs/datatables/products/records/";
        assertFalse(doc.path("paths").path(products + "{pk}/").path("delete").has("parameters"));
        assertFalse(doc.path("components").path("schemas").path("Products").path("properties").has("_deleted_at"));
    }

    private static JsonNode find(JsonNode params, String name) {
        for (JsonNode p : params) {
            if (p.path("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name);
    }

    private static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        names.remove("parameters");
        return names;
    }

    @Test
    void theSameSchemasGiveTheSameBytes() {
        assertEquals(document("").asString(), document("").asString());
        assertEquals(document("?datasource=docs").asString(), document("?datasource=docs").asString());
    }

    @Test
    void etagFollowsSchemaChanges() {
        Api own = Api.newTenant();
        String ds = own.createDataSource("jsonb");
        String ownApp = ds.split("/")[3];
        own.createTable(ds, "notes", "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}], "
                + "\"primaryKey\": [\"id\"]}");
        String url = "/api/apps/" + ownApp + "/openapi";
        String etag = own.request().get(url).then().statusCode(200).extract().header("ETag");
        assertTrue(etag != null && etag.startsWith("\""), "a strong, quoted entity tag: " + etag);
        own.request().header("If-None-Match", etag).get(url).then().statusCode(304).header("ETag", etag);
        own.request().header("If-None-Match", "W/" + etag + ", \"other\"").get(url).then().statusCode(304);
        own.request().header("If-None-Match", "\"other\"").get(url).then().statusCode(200);
        own.patch(ds + "/datatables/notes/", "{\"json_schema\": {\"fields\": [{\"name\": \"id\", \"type\": "
                + "\"integer\"}, {\"name\": \"text\", \"type\": \"string\"}], \"primaryKey\": [\"id\"]}}")
                .statusCode(200);
        Response changed = own.request().header("If-None-Match", etag).get(url);
        changed.then().statusCode(200);
        assertNotEquals(etag, changed.header("ETag"));
        assertEquals("string", Api.json(changed).path("components").path("schemas").path("Notes").path("properties")
                .path("text").path("type").asText());
        own.request().header("If-None-Match", changed.header("ETag")).get(url).then().statusCode(304);
    }

    @Test
    void unknownAppOrDatasourceIs404() {
        Api.assertProblem(api.request().get("/api/apps/no-such-app/openapi"), 404, "DS104");
        Api.assertProblem(api.request().get("/api/apps/" + app + "/openapi?datasource=nope"), 404, "DS104");
        // Another tenant's app is no app at all.
        Api.assertProblem(Api.newTenant().request().get("/api/apps/" + app + "/openapi"), 404, "DS104");
    }

    /** TreeQL's document (PHP-CRUD-API clients generate from it) parses without a message too. */
    @Test
    void generatorsParserReadsTreeQlsDocumentWithoutMessages() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        String treeql = api.request().get(flat + "/openapi").then().statusCode(200).extract().asString();
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(treeql, null, options);
        assertEquals(List.of(), result.getMessages());
        assertTrue(result.getOpenAPI().getComponents().getSchemas().containsKey("products.patch"));
    }

    /** What openapi-generator does first: parse and resolve the document; it must find nothing to report. */
    @Test
    void generatorsParserReadsTheDocumentWithoutMessages() {
        for (String query : List.of("", "?datasource=docs")) {
            ParseOptions options = new ParseOptions();
            options.setResolve(true);
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(query).asString(), null, options);
            assertEquals(List.of(), result.getMessages(), query);
            assertEquals("3.0.3", result.getOpenAPI().getOpenapi());
            assertTrue(result.getOpenAPI().getComponents().getSchemas().containsKey(query.isEmpty() ? "DocsProducts"
                    : "Products"), query);
        }
    }
}
