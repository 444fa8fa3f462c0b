package io.datably.api;

import static io.datably.testsupport.Api.assertProblem;
import static io.datably.testsupport.Api.dsPath;
import static io.datably.testsupport.Api.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A native route called with a method it does not serve answers 405 DS105 with an {@code Allow} header listing the
 * methods it does serve: every route, checked against the service's own OpenAPI description. Under a datasource,
 * TreeQL's routes ({@code /records/...}, {@code /openapi}) keep TreeQL's {@code {"code":1000}} answers.
 */
@QuarkusTest
class MethodNotAllowedTest {
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    private Api api;
    private String app;

    @BeforeEach
    void catalog() {
        api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        app = ds.split("/")[3];
        api.createTable(ds, "t", "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"}],\"primaryKey\":[\"id\"]}");
    }

    private Response call(String method, String path) {
        return api.request().body("{}").request(method, path);
    }

    private static void assertNotAllowed(Response response, Set<String> allowed) {
        assertProblem(response, 405, "DS105");
        String allow = response.header("Allow");
        assertTrue(allow != null, "no Allow header");
        Set<String> expected = new TreeSet<>(allowed);
        if (expected.contains("GET")) {
            expected.add("HEAD");
        }
        expected.add("OPTIONS");
        assertEquals(expected, new TreeSet<>(List.of(allow.split(",\\s*"))), "Allow of " + response.asString());
    }

    @Test
    void wrongMethodsOnDataSourceRoutesAnswer405WithAllow() {
        String ds = dsPath(app, "ds");
        // These used to reach TreeQL's catch-all and answer {"code":1000}.
        assertNotAllowed(call("POST", ds), Set.of("GET", "PATCH", "DELETE"));
        assertNotAllowed(call("PUT", ds), Set.of("GET", "PATCH", "DELETE"));
        assertNotAllowed(call("PUT", ds.substring(0, ds.length() - 1)), Set.of("GET", "PATCH", "DELETE"));
        assertNotAllowed(call("PUT", ds + "stats/"), Set.of("GET"));
        assertNotAllowed(call("GET", ds + "adopt/"), Set.of("POST"));
        assertNotAllowed(call("DELETE", ds + "adopt"), Set.of("POST"));
        assertNotAllowed(call("PATCH", "/api/apps/" + app + "/datasources/"), Set.of("GET", "POST"));
        assertNotAllowed(call("DELETE", "/api/apps/"), Set.of("GET", "POST"));
        // Nothing changed.
        api.request().get(ds).then().statusCode(200).body("is_active", equalTo(true));
    }

    @Test
    void treeQlRoutesKeepTreeQlAnswers() {
        String ds = dsPath(app, "ds");
        for (String[] call : List.of(new String[] {"PUT", ds + "records/t"}, new String[] {"POST", ds + "openapi"},
                new String[] {"GET", ds + "nothing/here"}, new String[] {"DELETE", ds + "records"})) {
            Response response = call(call[0], call[1]);
            response.then().log().ifValidationFails().statusCode(404)
                    .contentType("application/json; charset=utf-8").body("code", equalTo(1000));
        }
    }

    @Test
    void everyNativeRouteAnswers405ForEveryMethodItDoesNotServe() {
        JsonNode paths = json(given().accept("application/json").get("/q/openapi?format=json")).path("paths");
        Map<String, Set<String>> routes = new java.util.TreeMap<>();
        paths.properties().forEach(entry -> {
            Set<String> methods = new TreeSet<>();
            boolean treeQl = false;
            for (var operation : entry.getValue().properties()) {
                methods.add(operation.getKey().toUpperCase());
                treeQl |= operation.getValue().path("tags").toString().contains("TreeQL");
            }
            if (entry.getKey().startsWith("/api/") && !treeQl) {
                routes.put(entry.getKey(), methods);
            }
        });
        assertTrue(routes.size() > 20, routes.toString());
        List<String> checked = new ArrayList<>();
        for (String template : routes.keySet()) {
            String bare = template.replace("{app}", app).replace("{ds}", "ds").replace("{table}", "t")
                    .replace("{pk}", "1").replace("{name}", "ix").replace("{id}", "1");
            String path = bare + "/";
            // A concrete path may match several templates (records/{pk} and records/query): all of them serve it.
            Set<String> allowed = new TreeSet<>();
            routes.forEach((other, methods) -> {
                if (Pattern.matches(other.replaceAll("\\{[^}]+}", "[^/]+") + "/?", path)) {
                    allowed.addAll(methods);
                }
            });
            for (String method : METHODS) {
                if (!allowed.contains(method)) {
                    assertNotAllowed(call(method, path), allowed);
                    // Without the trailing slash too: PUT .../datasources/{ds} reached TreeQL's catch-all (issue 13).
                    assertNotAllowed(call(method, bare), allowed);
                    checked.add(method + " " + path);
                }
            }
        }
        assertTrue(checked.size() > 40, checked.toString());
        api.request().get(dsPath(app, "ds") + "datatables/t/").then().statusCode(200).body("is_active", equalTo(true));
    }
}
