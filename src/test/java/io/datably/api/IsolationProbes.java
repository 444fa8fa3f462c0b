package io.datably.api;

import static io.datably.testsupport.Api.PROBLEM_JSON;
import static io.datably.testsupport.Api.as;
import static io.datably.testsupport.Api.json;
import static io.datably.testsupport.Api.toJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Requests of tenant B aimed at tenant A's objects, and what their answers must be: the status and error format of
 * the API that answers, and never A's marker in the body. Each failure names the request and the whole answer.
 */
final class IsolationProbes {
    private IsolationProbes() {
    }

    /** An answer and the request it answers. */
    record Answer(String request, Response response) {
        String body() {
            return response.asString();
        }

        /** What a failed assertion says: the request, the status and the body. */
        String where() {
            return request + " answered " + response.statusCode() + ": " + body();
        }

        /** Asserts the status, and that nothing of {@code a} shows in the body. */
        Answer assertStatus(int status, IsolationTenant a) {
            assertEquals(status, response.statusCode(), where());
            assertFalse(body().contains(a.marker()), "leaks A's data: " + where());
            return this;
        }
    }

    /** A request as {@code tenant}, with a JSON body when {@code body} is not null. */
    static Answer send(String tenant, String method, String path, String body) {
        return send(as(tenant), method, path, body);
    }

    static Answer send(RequestSpecification request, String method, String path, String body) {
        if (body != null) {
            request.contentType("application/json").body(body);
        }
        return new Answer(method + " " + path + (body == null ? "" : " " + body), request.request(method, path));
    }

    /** The native API's 404: a problem document with code DS104, naming nothing of A. */
    static Answer assertNativeNotFound(Answer answer, IsolationTenant a) {
        answer.assertStatus(404, a);
        assertEquals(PROBLEM_JSON, answer.response().contentType().split(";")[0], answer.where());
        assertEquals("DS104", json(answer.response()).path("code").asText(), answer.where());
        return answer;
    }

    /** TreeQL's 404, exactly as PHP-CRUD-API words it: {@code {"code": 1001, "message": "Table 'x' not found"}}. */
    static Answer assertTreeQlNotFound(Answer answer, int code, String message, IsolationTenant a) {
        answer.assertStatus(404, a);
        assertEquals("application/json", answer.response().contentType().split(";")[0], answer.where());
        assertEquals(json("{\"code\":" + code + ",\"message\":" + toJson(message) + "}"),
                json(answer.response()), answer.where());
        return answer;
    }
}
