package io.datably.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.fuzz.FuzzRequests.FuzzRequest;
import io.datably.fuzz.FuzzRequests.Target;
import io.datably.testsupport.Api;
import io.datably.testsupport.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A seeded, bounded fuzz run over every endpoint and provider: thousands of hostile requests (from the corpus in
 * {@code src/test/resources/fuzz/corpus.txt}), and for each answer: never a 5xx, and every error explains itself in
 * a problem+json document with a stable code (TreeQL routes: PHP-CRUD-API's {@code {code, message}}).
 * {@code -Dfuzz.seed=N -Dfuzz.requests=M} replays or widens a run; a failure names its seed and requests.
 */
@QuarkusTest
class FuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261206L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 3000);
    private static final String ITEMS = """
            {"fields":[{"name":"id","type":"integer"},{"name":"name","type":"string","constraints":{"maxLength":50}},
              {"name":"price","type":"number","constraints":{"minimum":0}},{"name":"created","type":"datetime"},
              {"name":"day","type":"date"},{"name":"tags","type":"array"},{"name":"meta","type":"object"},
              {"name":"owner_id","type":"integer"},{"name":"flag","type":"boolean"},
              {"name":"status","type":"string","constraints":{"enum":["open","closed"]}}],
             "primaryKey":["id"],
             "foreignKeys":[{"fields":["owner_id"],"reference":{"resource":"owners","fields":["id"]}}]}""";
    /**
     * What an error must never show: physical table names ({@code app_<slug>_<table>}, made from the test's app
     * slugs), the tenant's schema ({@code t_<tenant>}), PostgreSQL's key expressions, Java and Jackson type names.
     */
    private static final java.util.regex.Pattern LEAKS = java.util.regex.Pattern.compile(
            "app_[0-9a-f]{10}_|\\bt_t[0-9a-f]{10}|data ->>|\\b(?:java|javax|jakarta|com\\.fasterxml|io\\.vertx|"
            + "io\\.datably|org\\.bson)\\.[a-z]|LinkedHashMap|ArrayList|JsonNode|ObjectNode|TextNode|BigDecimal|"
            + "`java|Exception\\b");
    private static final String OWNERS = "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
            + "{\"name\":\"name\",\"type\":\"string\"}],\"primaryKey\":[\"id\"]}";

    @Test
    void hostileRequestsNeverGet5xxAndEveryErrorExplainsItself() {
        Api api = Api.newTenant();
        List<Target> targets = new ArrayList<>();
        for (String provider : List.of("flat_table", "jsonb", "mongodb")) {
            String base = api.createDataSource(provider);
            String owners = api.createTable(base, "owners", OWNERS);
            api.post(owners, "[{\"id\":1,\"name\":\"Ada\"},{\"id\":2,\"name\":\"Bob\"}]").statusCode(201);
            String items = api.createTable(base, "items", ITEMS);
            api.post(items, "[{\"id\":1,\"name\":\"pen\",\"price\":1.5,\"created\":\"2024-05-01T10:00:00Z\","
                    + "\"day\":\"2024-05-01\",\"tags\":[\"a\"],\"meta\":{\"k\":1},\"owner_id\":1,\"flag\":true,"
                    + "\"status\":\"open\"},{\"id\":2,\"name\":\"ink\",\"price\":3,\"owner_id\":2}]").statusCode(201);
            api.createTable(base, "scratch", OWNERS);
            String app = base.split("/")[3];
            targets.add(new Target(provider, app, base));
        }
        FuzzRequests requests = new FuzzRequests(new Random(SEED), FuzzCorpus.load(), targets);
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        assertTimeoutPreemptively(Duration.ofMinutes(10), () -> {
            for (int i = 0; i < REQUESTS; i++) {
                FuzzRequest request = requests.next();
                RawHttp.Answer answer = send(api, request);
                statuses.merge(answer.status(), 1, Integer::sum);
                String verdict = judge(request, answer);
                if (verdict != null) {
                    failures.add("#" + i + " " + request + "\n    -> " + verdict);
                }
            }
        });
        System.out.println("FuzzTest seed " + SEED + ", " + REQUESTS + " requests, answers by status: " + statuses);
        assertEquals(List.of(), failures.subList(0, Math.min(25, failures.size())), "seed " + SEED + ": "
                + failures.size() + " of " + REQUESTS + " requests answered badly");
    }

    private static RawHttp.Answer send(Api api, FuzzRequest request) {
        byte[] body = request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(request.method(), request.url(), api.tenantId(), request.contentType(), body);
    }

    /** Null when the answer is acceptable; else what is wrong with it. */
    static String judge(FuzzRequest request, RawHttp.Answer response) {
        int status = response.status();
        String body = response.body();
        if (status >= 500) {
            return status + " " + abbreviate(body);
        }
        if (status < 400) {
            return null;
        }
        if (body.isBlank()) {
            // Quarkus checks every target with java.net.URI before any handler runs, and answers those it cannot
            // parse with a bare 400 (README, Errors): the one bodiless refusal a fuzzer reaches.
            return status == 400 && !parsable(request.url()) ? null : status + " with an empty body";
        }
        java.util.regex.Matcher leak = LEAKS.matcher(body);
        if (leak.find()) {
            return status + " names '" + leak.group() + "', not in the API's terms: " + abbreviate(body);
        }
        String type = String.valueOf(response.header("content-type"));
        JsonNode json;
        try {
            json = Api.json(body);
        } catch (AssertionError notJson) {
            return status + " " + type + " not JSON: " + abbreviate(body);
        }
        if (type.startsWith("application/problem+json")) {
            boolean wellFormed = json.path("status").asInt() == status && json.path("code").asText().matches("DS\\d{3}")
                    && json.path("detail").isTextual() && json.path("errors").isArray();
            return wellFormed ? null : status + " malformed problem: " + abbreviate(body);
        }
        if (request.treeql() && (treeqlError(json) || (json.isArray() && !json.isEmpty()
                && java.util.stream.StreamSupport.stream(json.spliterator(), false).allMatch(FuzzTest::treeqlError)))) {
            return null;
        }
        return status + " " + type + " is neither problem+json nor TreeQL's {code, message}: " + abbreviate(body);
    }

    private static boolean parsable(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean treeqlError(JsonNode json) {
        return json.path("code").isInt() && json.path("message").isTextual();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
