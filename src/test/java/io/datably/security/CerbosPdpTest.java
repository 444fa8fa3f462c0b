package io.datably.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.datably.testsupport.CerbosResource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Cerbos PDP as {@link CerbosResource} starts it, with the repository's policies: the answers Datably's
 * authorization client relies on (CheckResources effects, a PlanResources condition tree), and that it stops.
 */
class CerbosPdpTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static CerbosResource pdp;
    private static String url;

    @BeforeAll
    static void start() {
        pdp = new CerbosResource();
        Map<String, String> config = pdp.start();
        url = config.get("datably.authz.cerbos-url");
        assertEquals(pdp.url(), url);
    }

    @AfterAll
    static void stop() {
        pdp.stop();
    }

    @Test
    void anAdminMayCreateATableAndAViewerMayNot() throws Exception {
        assertEquals("EFFECT_ALLOW", tableCreate("alice", "admin"));
        assertEquals("EFFECT_DENY", tableCreate("bob", "viewer"));
    }

    @Test
    void aViewerReadsTheEmployeesOfTheirOwnDepartmentOnly() throws Exception {
        JsonNode plan = post("/api/plan/resources", """
                {"action": "read",
                 "principal": {"id": "bob", "roles": ["viewer"], "attr": {"department": "sales"}},
                 "resource": {"kind": "record", "scope": "example.hr.flat.employees"}}""");
        JsonNode filter = plan.path("filter");
        assertEquals("KIND_CONDITIONAL", filter.path("kind").asText(), plan.toString());
        assertEquals(Api.json("""
                {"operator": "eq", "operands": [{"variable": "request.resource.attr.department"}, {"value": "sales"}]}"""),
                filter.path("condition").path("expression"), plan.toString());
    }

    @Test
    void stoppingThePdpClosesItsPort() throws Exception {
        CerbosResource other = new CerbosResource();
        String otherUrl = other.start().get(CerbosResource.URL_PROPERTY);
        assertEquals(200, get(otherUrl + "/_cerbos/health").statusCode());
        other.stop();
        assertThrows(IOException.class, () -> get(otherUrl + "/_cerbos/health"));
    }

    private static String tableCreate(String subject, String role) throws Exception {
        JsonNode answer = post("/api/check/resources", """
                {"principal": {"id": "%s", "roles": ["%s"], "attr": {"tenant": "example"}},
                 "resources": [{"resource": {"kind": "datatable", "id": "employees",
                                             "scope": "example.hr.flat.employees"},
                                "actions": ["create"]}]}""".formatted(subject, role));
        return answer.path("results").path(0).path("actions").path("create").asText();
    }

    private static JsonNode post(String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Api.json(response.body());
    }

    private static HttpResponse<String> get(String target) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
