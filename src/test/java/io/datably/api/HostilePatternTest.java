package io.datably.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Regular expressions come from users: a schema's {@code pattern}, a {@code regex} filter. A backtracking engine
 * needs about 2^60 steps to reject {@code aaa…ac} (60 a's) against {@code ((a+)*)+b}, so no machine answers within
 * the budgets below unless the engine is linear; these tests do not depend on the machine's speed.
 */
@QuarkusTest
class HostilePatternTest {
    private static final String PATHOLOGICAL = "((a+)*)+b";
    private static final String HOSTILE_VALUE = "a".repeat(60) + "c";
    private static final Duration BUDGET = Duration.ofSeconds(60);

    @Test
    void aPathologicalSchemaPatternAnswersAtOnceWhileAnotherTenantReads() throws Exception {
        Api attacker = Api.newTenant();
        String codes = attacker.createTable(attacker.createDataSource("flat_table"), "codes", "{\"fields\":["
                + "{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"code\",\"type\":\"string\",\"constraints\":"
                + "{\"pattern\":\"" + PATHOLOGICAL + "\"}}],\"primaryKey\":[\"id\"]}");
        Api neighbour = Api.newTenant();
        String notes = neighbour.createTable(neighbour.createDataSource("jsonb"), "notes",
                "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"text\",\"type\":\"string\"}],"
                        + "\"primaryKey\":[\"id\"]}");
        neighbour.post(notes, "{\"id\":1,\"text\":\"still here\"}").statusCode(201);

        // More hostile requests than the service has event loops, all at once, and the neighbour's read among them.
        ExecutorService clients = Executors.newFixedThreadPool(9);
        try {
            List<Future<Integer>> hostile = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String body = "{\"id\":" + i + ",\"code\":\"" + HOSTILE_VALUE + "\"}";
                hostile.add(clients.submit(() -> attacker.request().body(body).post(codes).statusCode()));
            }
            Future<Integer> read = clients.submit(() -> neighbour.request().get(notes + "1/").statusCode());
            assertTimeoutPreemptively(BUDGET, () -> {
                assertEquals(200, read.get());
                for (Future<Integer> answer : hostile) {
                    assertEquals(400, answer.get());
                }
            });
        } finally {
            clients.shutdownNow();
        }
        attacker.post(codes, "{\"id\":1,\"code\":\"" + HOSTILE_VALUE + "\"}").statusCode(400)
                .body("errors.field", hasItem("code")).body("errors.code", hasItem("pattern"));
        attacker.post(codes, "{\"id\":2,\"code\":\"aaab\"}").statusCode(201);
        // A batch is checked the same way, and names the item.
        attacker.post(codes, "[{\"id\":3,\"code\":\"ab\"},{\"id\":4,\"code\":\"" + HOSTILE_VALUE + "\"}]")
                .statusCode(400).body("errors.field", hasItem("[1].code"));
    }

    @Test
    void aPathologicalRegexFilterAnswersOnThePostgresProviders() {
        for (String provider : List.of("flat_table", "jsonb")) {
            Api api = Api.newTenant();
            String records = api.createTable(api.createDataSource(provider), "words",
                    "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"w\",\"type\":\"string\"}],"
                            + "\"primaryKey\":[\"id\"]}");
            api.post(records, "[{\"id\":1,\"w\":\"" + HOSTILE_VALUE + "\"},{\"id\":2,\"w\":\"aab\"}]").statusCode(201);
            assertTimeoutPreemptively(BUDGET, () -> api.request().queryParam("w__regex", "^" + PATHOLOGICAL + "$")
                    .get(records).then().statusCode(200).body("count", equalTo(1)).body("results[0].id", equalTo(2)));
        }
    }

    @Test
    void regexFiltersAreRe2WithoutBackreferencesAndInPostgresDialect() {
        for (String provider : List.of("flat_table", "jsonb", "mongodb")) {
            Api api = Api.newTenant();
            String records = api.createTable(api.createDataSource(provider), "words",
                    "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":\"w\",\"type\":\"string\"}],"
                            + "\"primaryKey\":[\"id\"]}");
            for (String refused : List.of("(a)\\1", "(?=a)a", "[[:foo:]]", "(a")) {
                Api.assertProblem(api.request().queryParam("w__regex", refused).get(records), 400, "DS101")
                        .body("errors[0].field", equalTo("w__regex"));
            }
            // \pL is RE2 but not PostgreSQL: PostgreSQL's refusal is the client's 400 too, naming the filter.
            if (!provider.equals("mongodb")) {
                Api.assertProblem(api.request().queryParam("w__iregex", "\\pL").get(records), 400, "DS101")
                        .body("errors[0].field", equalTo("w__iregex"))
                        .body("detail", containsString("regular expression"));
            }
        }
    }
}
