package io.datably.api;

import static io.datably.testsupport.Api.appPath;
import static io.datably.testsupport.Api.as;
import static io.datably.testsupport.Api.createApp;
import static io.datably.testsupport.Api.createDataSource;
import static io.datably.testsupport.Api.createTable;
import static io.datably.testsupport.Api.dsPath;
import static io.datably.testsupport.Api.hex;
import static io.datably.testsupport.Api.insert;
import static io.datably.testsupport.Api.json;
import static io.datably.testsupport.Api.newTenantId;
import static io.datably.testsupport.Api.recordsPath;
import static io.datably.testsupport.Api.tablePath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;
import java.util.List;

/**
 * One tenant's objects for the isolation probes, made the same way for tenant A and for a tenant B that takes A's
 * slugs: an app; per provider a datasource (slugs from the provider, so B's match A's) with an {@code items} table
 * of {@code records} records, a schema change (an operation another tenant could try to roll back), and, when
 * {@code index} is given, an index made through the API; a second table {@code other} with a schema change of its
 * own. Every record title holds {@code marker}, and so does A's app name: any answer carrying the tenant's data
 * shows it.
 */
record IsolationTenant(String tenant, String app, String marker, String other, String index) {
    static final List<String> PROVIDERS = List.of("flat_table", "jsonb", "mongodb");
    static final String ITEMS = "items";
    static final String ITEMS_V1 = """
            {"fields":[{"name":"id","type":"integer","constraints":{"required":true}},
                       {"name":"title","type":"string"},{"name":"qty","type":"integer"}],
             "primaryKey":["id"]}""";
    /** V1 plus an optional field: a reversible change, so a rollback that got through would really run. */
    static final String ITEMS_V2 = ITEMS_V1.replace("{\"name\":\"qty\",\"type\":\"integer\"}",
            "{\"name\":\"qty\",\"type\":\"integer\"},{\"name\":\"note\",\"type\":\"string\"}");

    /**
     * Makes the tenant's objects. {@code other}: the second table's name (A's is A-only, so that B's answers can be
     * searched for it); {@code index}: null for none.
     */
    static IsolationTenant create(String tenant, String app, String marker, int records, String other,
                                  String index) {
        createApp(tenant, "Shop " + marker, app);
        IsolationTenant made = new IsolationTenant(tenant, app, marker, other, index);
        for (String provider : PROVIDERS) {
            String ds = createDataSource(tenant, app, datasource(provider), provider);
            for (String table : List.of(ITEMS, other)) {
                createTable(tenant, app, ds, table, ITEMS_V1);
                as(tenant).body("{\"json_schema\":" + ITEMS_V2 + "}").patch(tablePath(app, ds, table))
                        .then().log().ifValidationFails().statusCode(200);
            }
            StringBuilder rows = new StringBuilder();
            for (int id = 1; id <= records; id++) {
                rows.append(id == 1 ? "[" : ",").append(made.record(id));
            }
            insert(tenant, recordsPath(app, ds, ITEMS), rows.append("]").toString());
            if (index != null) {
                as(tenant).body("{\"name\":\"" + index + "\",\"fields\":[\"qty\"]}").post(made.table(provider)
                        + "indexes/").then().log().ifValidationFails().statusCode(201);
            }
        }
        return made;
    }

    /**
     * Tenant A: two records per items table, its second table named by its marker (a list or document of B's naming
     * it would show it), and an index named {@code index} (null for none).
     */
    static IsolationTenant tenantA(String index) {
        String marker = newMarker();
        return create(newTenantId("ta"), "shop-" + hex(8), marker, 2, marker, index);
    }

    /** Tenant B with A's slugs and a record 1 of its own, its second table named {@code others}, no index. */
    static IsolationTenant sameNamedAs(IsolationTenant a) {
        return create(newTenantId("tb"), a.app(), newMarker(), 1, "others", null);
    }

    /** A's slugs, so that tenant B can make objects of the same names. */
    static String datasource(String provider) {
        return provider.replace('_', '-');
    }

    /** Record {@code id} as this tenant stores it. */
    String record(int id) {
        return "{\"id\":" + id + ",\"title\":\"" + marker + "-" + id + "\",\"qty\":" + id + "}";
    }

    String ds(String provider) {
        return dsPath(app, datasource(provider));
    }

    String table(String provider) {
        return tablePath(app, datasource(provider), ITEMS);
    }

    String otherTable(String provider) {
        return tablePath(app, datasource(provider), other);
    }

    String records(String provider) {
        return recordsPath(app, datasource(provider), ITEMS);
    }

    /** The TreeQL path of the items table. */
    String treeql(String provider) {
        return ds(provider) + "records/" + ITEMS;
    }

    /** The id of the last applied schema change (an {@code update}) of a table, read from its history. */
    long lastUpdate(String tablePath) {
        long id = -1;
        for (JsonNode operation : get(tablePath + "operations/?page_size=1000").path("results")) {
            if (operation.path("operation").asText().equals("update")) {
                id = operation.path("id").asLong();
            }
        }
        assertFalse(id < 0, "no update operation in " + tablePath);
        return id;
    }

    /**
     * Everything of the tenant the probes aim at, read through the API as the tenant: the app, and per provider each
     * table (schema and schema_version), its operations, the items' records and indexes. Two states compare equal
     * when the probes changed nothing.
     */
    JsonNode state() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.set("app", get(appPath(app)));
        for (String provider : PROVIDERS) {
            ObjectNode of = state.putObject(provider);
            of.set("datatables", get(ds(provider) + "datatables/?page_size=1000"));
            for (String path : List.of(table(provider), otherTable(provider))) {
                of.set(path, get(path));
                of.set(path + "operations/", get(path + "operations/?page_size=1000"));
            }
            of.set("records", get(records(provider) + "?page_size=1000&ordering=id"));
            of.set("indexes", get(table(provider) + "indexes/?page_size=1000"));
        }
        return state;
    }

    /** The schema version of the items table, as the tenant reads it. */
    long schemaVersion(String provider) {
        return get(table(provider)).path("schema_version").asLong();
    }

    JsonNode get(String path) {
        Response response = as(tenant).get(path);
        assertEquals(200, response.statusCode(), "GET " + path + ": " + response.asString());
        return json(response);
    }

    private static String newMarker() {
        return "mark" + hex(12);
    }
}
