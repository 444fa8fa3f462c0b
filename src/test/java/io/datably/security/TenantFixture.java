package io.datably.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tenant A of the cross-tenant sweep, made through the API with A's own token: an app; per provider a datasource with
 * an {@code items} table holding records, a schema change (an operation to roll back) and an index made through the
 * API; an unmaterialized table; a raw table in A's schema that adoption could take. Every name, description and value
 * that A stores (not the slugs, which attackers send in paths) holds {@link #secret()}, so any answer carrying A's
 * data shows it.
 */
record TenantFixture(String tenant, String token, String app, String secret, Map<String, String> datasources,
                     Map<String, String> indexes, Map<String, Long> updateOperations, Map<String, String> importJobs) {
    static final List<String> PROVIDERS = List.of("flat_table", "jsonb", "mongodb");
    static final String ITEMS_V1 = """
            {"fields":[{"name":"id","type":"integer","constraints":{"required":true}},
                       {"name":"title","type":"string"},{"name":"qty","type":"integer"}],
             "primaryKey":["id"]}""";
    static final String ITEMS_V2 = """
            {"fields":[{"name":"id","type":"integer","constraints":{"required":true}},
                       {"name":"title","type":"string"},{"name":"qty","type":"integer"},
                       {"name":"note","type":"string"}],
             "primaryKey":["id"]}""";
    static final String DRAFT = "draft";
    static final String RAW_TABLE = "loose";

    static TenantFixture create(Pool pool) {
        String tenant = Api.newTenantId("ta");
        String token = EnforcedMode.token("alice", tenant, "admin");
        String secret = "secret" + Api.hex(12);
        String app = "shop-" + Api.hex(6);
        call(token, "POST", "/api/apps/", Map.of("name", "Shop " + secret, "slug", app, "description", secret));
        Map<String, String> datasources = new LinkedHashMap<>();
        Map<String, String> indexes = new LinkedHashMap<>();
        Map<String, Long> operations = new LinkedHashMap<>();
        Map<String, String> jobs = new LinkedHashMap<>();
        for (String provider : PROVIDERS) {
            String ds = provider.replace('_', '-');
            datasources.put(provider, ds);
            call(token, "POST", Api.appPath(app) + "datasources/", Map.of("name", "Store " + secret, "slug", ds,
                    "provider_type", provider, "description", secret, "provider_config", Map.of("note", secret)));
            String table = Api.tablePath(app, ds, "items");
            call(token, "POST", Api.dsPath(app, ds) + "datatables/", Api.json("{\"name\":\"items\",\"description\":"
                    + Api.toJson(secret) + ",\"json_schema\":" + ITEMS_V1 + "}"));
            call(token, "POST", table + "records/", Api.json("[{\"id\":1,\"title\":\"" + secret + "-1\",\"qty\":1},"
                    + "{\"id\":2,\"title\":\"" + secret + "-2\",\"qty\":2}]"));
            call(token, "PATCH", table, Api.json("{\"json_schema\":" + ITEMS_V2 + "}"));
            JsonNode history = call(token, "GET", table + "operations/", null).path("results");
            for (JsonNode operation : history) {
                if (operation.path("operation").asText().equals("update")) {
                    operations.put(ds, operation.path("id").asLong());
                }
            }
            indexes.put(ds, call(token, "POST", table + "indexes/", Map.of("fields", List.of("qty")))
                    .path("name").asText());
            jobs.put(ds, importJob(token, table));
        }
        String flat = datasources.get("flat_table");
        call(token, "POST", Api.dsPath(app, flat) + "datatables/", Api.json("{\"name\":\"" + DRAFT
                + "\",\"materialize\":false,\"description\":" + Api.toJson(secret) + ",\"json_schema\":"
                + ITEMS_V1 + "}"));
        pool.query("CREATE TABLE \"t_" + tenant + "\"." + RAW_TABLE + " (id integer PRIMARY KEY, title text); "
                + "INSERT INTO \"t_" + tenant + "\"." + RAW_TABLE + " VALUES (1, '" + secret + "')").execute()
                .await().indefinitely();
        return new TenantFixture(tenant, token, app, secret, datasources, indexes, operations, jobs);
    }

    /**
     * An import job of A's (ended before the sweep: it changes nothing, its one row being rejected), for the probes
     * of {@code imports/{id}/}.
     */
    private static String importJob(String token, String table) {
        Response started = CrossTenantSweepTest.bearer(token).contentType("text/csv")
                .body("id,title,qty\n3,intruder,many\n").post(table + "imports/?async=true");
        assertEquals(202, started.statusCode(), started.asString());
        String id = started.jsonPath().getString("id");
        long until = System.currentTimeMillis() + 30_000;
        while (!call(token, "GET", table + "imports/" + id + "/", null).path("status").asText().equals("failed")) {
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("import job " + id + " did not end");
            }
            Thread.onSpinWait();
        }
        return id;
    }

    String importJob(String datasource) {
        return importJobs.get(datasource);
    }

    String datasource(String provider) {
        return datasources.get(provider);
    }

    String records(String provider) {
        return Api.recordsPath(app, datasource(provider), "items");
    }

    String index(String datasource) {
        return indexes.get(datasource);
    }

    long updateOperation(String datasource) {
        return updateOperations.get(datasource);
    }

    private static JsonNode call(String token, String method, String path, Object body) {
        var request = CrossTenantSweepTest.bearer(token);
        if (body != null) {
            request.body(Api.toJson(body));
        }
        Response response = request.request(method, path);
        assertEquals(method.equals("POST") ? 201 : 200, response.statusCode(), method + " " + path + ": "
                + response.asString());
        return Api.json(response);
    }
}
