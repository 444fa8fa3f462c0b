package io.datably.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Documented answers that each operation gives for the same reason (README "Client SDKs": a documented status no
 * test produces is a promise nothing checks): every operation on a datatable's records or graph documented with a 409
 * answers it, DS112, for a datatable that is not materialized; every native operation documented with a 400 and
 * taking a whole-number parameter answers 400 DS101 naming it for a value that is none. The operations are read from
 * /q/openapi itself, so a new one is covered when it is added.
 */
@QuarkusTest
class DocumentedAnswersTest {
    /** A value for each path parameter and required query parameter the operations take. */
    private static final Map<String, String> VALUES = Map.of("pk", "1", "start", "1", "node", "1", "from", "1",
            "to", "2", "name", "x", "id", "x", "aggregates", "count(*)");

    @Test
    void everyRecordsAndGraphOperationAnswers409ForATableNotMaterialized() {
        Api api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        api.post(ds + "/datatables/", "{\"name\": \"draft\", \"materialize\": false, \"json_schema\": {\"fields\": "
                + "[{\"name\": \"id\", \"type\": \"integer\"}, {\"name\": \"parent_id\", \"type\": \"integer\"}], "
                + "\"primaryKey\": [\"id\"], \"foreignKeys\": [{\"fields\": [\"parent_id\"], \"reference\": "
                + "{\"resource\": \"\", \"fields\": [\"id\"]}}]}}").statusCode(201);
        JsonNode document = Api.json(api.request().accept("application/json").get("/q/openapi?format=json"));
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        document.get("paths").properties().forEach(path -> {
            String template = path.getKey();
            if (!template.contains("/datatables/{table}/records") && !template.contains("/datatables/{table}/graph/")) {
                return;
            }
            path.getValue().properties().forEach(entry -> {
                JsonNode operation = entry.getValue();
                if (!operation.isObject() || !operation.path("responses").has("409")) {
                    return;
                }
                String method = entry.getKey().toUpperCase();
                String url = ds + template.substring(template.indexOf("/datatables/"))
                        .replace("{table}", "draft");
                for (String name : VALUES.keySet()) {
                    url = url.replace("{" + name + "}", VALUES.get(name));
                }
                StringBuilder query = new StringBuilder(requiredQuery(operation, null));
                query.setLength(query.length() - 1);
                if ((method.equals("PATCH") || method.equals("DELETE")) && template.endsWith("/records")) {
                    query.append(query.isEmpty() ? "?" : "&").append("id=1"); // a change by filter needs one
                }
                var request = api.request().accept("application/json");
                if (operation.has("requestBody")) {
                    request = request.body(template.endsWith("/query") ? "{}"
                            : template.endsWith("/aggregate") ? "{\"aggregates\": [\"count(*)\"]}" : "{\"id\": 1}");
                }
                Response answer = request.request(method, url + query);
                checked.add(method + " " + template);
                if (answer.statusCode() != 409 || !answer.asString().contains("DS112")) {
                    wrong.add(method + " " + template + " → " + answer.statusCode() + " " + answer.asString());
                }
            });
        });
        assertTrue(checked.size() >= 15, "too few operations found: " + checked);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void everyNativeOperationWithAWholeNumberParameterAnswers400NamingABadValue() {
        Api api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        api.createTable(ds, "t", "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}, {\"name\": "
                + "\"parent_id\", \"type\": \"integer\"}], \"primaryKey\": [\"id\"], \"foreignKeys\": "
                + "[{\"fields\": [\"parent_id\"], \"reference\": {\"resource\": \"\", \"fields\": [\"id\"]}}]}");
        JsonNode document = Api.json(api.request().accept("application/json").get("/q/openapi?format=json"));
        String app = ds.substring("/api/apps/".length(), ds.indexOf("/datasources/"));
        List<String> checked = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
            JsonNode operation = entry.getValue();
            if (!operation.isObject() || !operation.path("responses").has("400")
                    || operation.path("operationId").asText().startsWith("treeql")) {
                return;
            }
            String number = null;
            for (JsonNode parameter : operation.path("parameters")) {
                if (parameter.path("in").asText().equals("query")
                        && parameter.path("schema").path("type").asText().equals("integer")) {
                    number = parameter.path("name").asText();
                }
            }
            if (number == null) {
                return;
            }
            String url = path.getKey().replace("{app}", app).replace("{ds}", "ds").replace("{table}", "t");
            for (String name : VALUES.keySet()) {
                url = url.replace("{" + name + "}", VALUES.get(name));
            }
            String method = entry.getKey().toUpperCase();
            var request = api.request().accept("application/json");
            if (operation.has("requestBody")) {
                request = request.body("{}");
            }
            Response answer = request.request(method, url + requiredQuery(operation, number) + number + "=several");
            checked.add(method + " " + path.getKey() + " " + number);
            if (answer.statusCode() != 400 || !answer.asString().contains(number)) {
                wrong.add(method + " " + path.getKey() + " " + number + " → " + answer.statusCode() + " "
                        + answer.asString());
            }
        }));
        assertTrue(checked.size() >= 10, "too few operations found: " + checked);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    /** {@code ?a=1&b=2&}: the operation's required query parameters (but {@code except}), each with a fitting value. */
    private static String requiredQuery(JsonNode operation, String except) {
        StringBuilder query = new StringBuilder("?");
        for (JsonNode parameter : operation.path("parameters")) {
            String name = parameter.path("name").asText();
            if (parameter.path("in").asText().equals("query") && parameter.path("required").asBoolean()
                    && !name.equals(except)) {
                query.append(name).append('=').append(VALUES.getOrDefault(name, "1")).append('&');
            }
        }
        return query.toString();
    }

    /**
     * Answers no other test meets: materializing a table before the table its foreign key targets (a 400 naming the
     * reference, once a 500), a replace naming a taken name, a TreeQL delete of a record a key holds.
     */
    @Test
    void conflictsOfTheCatalogAndOfTreeQl() {
        Api api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        String schema = "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}], \"primaryKey\": [\"id\"]}";
        api.createTable(ds, "categories", schema);
        api.createTable(ds, "posts", "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}, {\"name\": "
                + "\"category_id\", \"type\": \"integer\"}], \"primaryKey\": [\"id\"], \"foreignKeys\": [{\"fields\": "
                + "[\"category_id\"], \"reference\": {\"resource\": \"categories\", \"fields\": [\"id\"]}}]}");
        // a table whose foreign key targets a table with no physical table yet
        api.post(ds + "/datatables/", "{\"name\": \"drafts\", \"materialize\": false, \"json_schema\": " + schema
                + "}").statusCode(201);
        api.post(ds + "/datatables/", "{\"name\": \"notes\", \"materialize\": false, \"json_schema\": {\"fields\": "
                + "[{\"name\": \"id\", \"type\": \"integer\"}, {\"name\": \"draft_id\", \"type\": \"integer\"}], "
                + "\"primaryKey\": [\"id\"], \"foreignKeys\": [{\"fields\": [\"draft_id\"], \"reference\": "
                + "{\"resource\": \"drafts\", \"fields\": [\"id\"]}}]}}").statusCode(201);
        Api.assertProblem(api.request().body("{}").post(ds + "/datatables/notes/materialize/"), 400, "DS200")
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("json_schema.foreignKeys[0].reference.resource"));
        api.post(ds + "/datatables/drafts/materialize/", "{}").statusCode(200);
        api.post(ds + "/datatables/notes/materialize/", "{}").statusCode(200).body("is_materialized",
                org.hamcrest.Matchers.equalTo(true));
        Api.assertProblem(api.request().body("{\"name\": \"posts\", \"json_schema\": " + schema + "}")
                .put(ds + "/datatables/categories/"), 409, "DS110");
        api.post(ds + "/records/categories", "{\"id\": 1}").statusCode(200);
        api.post(ds + "/records/posts", "{\"id\": 1, \"category_id\": 1}").statusCode(200);
        api.delete(ds + "/records/categories/1").statusCode(409).body("code", org.hamcrest.Matchers.equalTo(1010));
    }
}
