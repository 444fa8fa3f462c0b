package io.datably.api;

import static io.datably.api.IsolationProbes.assertNativeNotFound;
import static io.datably.api.IsolationProbes.send;
import static io.datably.api.IsolationTenant.PROVIDERS;
import static io.datably.testsupport.Api.json;
import static io.datably.testsupport.Api.newTenantId;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.datably.testsupport.TenantSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The structure endpoints (schema operations and their rollback, indexes, adoption) are confined to the caller's
 * tenant: tenant B, with A's slugs, gets 404 where it has no such objects, and only its own objects where it made
 * some of the same names; an operation id or index name of A's (or of another table of B's) names nothing in B's
 * table. A's tables, operations and indexes stay as they were.
 */
@QuarkusTest
class TenantIsolationSchemaTest {
    @Inject
    Pool pool;

    @Test
    void shouldAnswer404ToTenantWithoutSameNamedObjects() {
        IsolationTenant a = IsolationTenant.tenantA("by_qty");
        String raw = rawTableOf(a);
        JsonNode before = a.state();
        String b = newTenantId("tb");

        List<Executable> checks = new ArrayList<>();
        for (String provider : PROVIDERS) {
            String table = a.table(provider);
            List<String> rollbacks = rollbacksOf(table, a.lastUpdate(table), a.lastUpdate(a.otherTable(provider)));
            for (String rollback : rollbacks) {
                checks.add(() -> assertNativeNotFound(send(b, "POST", rollback, null), a));
            }
            checks.add(() -> assertNativeNotFound(send(b, "GET", table + "operations/", null), a));
            checks.add(() -> assertNativeNotFound(send(b, "GET", table + "indexes/", null), a));
            checks.add(() -> assertNativeNotFound(send(b, "POST", table + "indexes/",
                    "{\"name\":\"intruder\",\"fields\":[\"title\"]}"), a));
            checks.add(() -> assertNativeNotFound(send(b, "DELETE", table + "indexes/" + a.index() + "/", null), a));
        }
        for (String body : adoptBodies(raw)) {
            checks.add(() -> assertNativeNotFound(send(b, "POST", a.ds("flat_table") + "adopt/", body), a));
        }
        assertAll(checks);

        assertUnchanged(a, before);
        assertAdoptableByA(a, raw);
    }

    @Test
    void shouldShowTenantWithSameNamedObjectsOnlyItsOwn() {
        IsolationTenant a = IsolationTenant.tenantA("by_qty");
        String raw = rawTableOf(a);
        JsonNode before = a.state();
        IsolationTenant b = IsolationTenant.sameNamedAs(a);
        Set<Long> operationsOfA = operationIds(a);

        List<Executable> checks = new ArrayList<>();
        for (String provider : PROVIDERS) {
            checks.add(() -> assertOwnOperations(a, b, provider, operationsOfA));
            checks.add(() -> assertOwnIndexes(a, b, provider));
        }
        checks.add(() -> assertOwnAdoption(a, b, raw));
        assertAll(checks);

        assertUnchanged(a, before);
        assertAdoptableByA(a, raw);
    }

    // --- what B sees in its own same-named table ---

    /**
     * B's history holds B's operations alone, and neither A's operation ids nor B's other table's name an operation
     * of B's items (404, its schema version kept); B's own operation, as a check of the path, previews (200).
     */
    private static void assertOwnOperations(IsolationTenant a, IsolationTenant b, String provider,
                                            Set<Long> operationsOfA) {
        String table = b.table(provider);
        JsonNode history = b.get(table + "operations/?page_size=1000");
        assertFalse(history.toString().contains(a.marker()), history.toString());
        assertFalse(history.path("results").isEmpty(), history.toString());
        for (JsonNode operation : history.path("results")) {
            assertFalse(operationsOfA.contains(operation.path("id").asLong()), "A's operation in B's history: "
                    + operation);
        }
        long version = b.schemaVersion(provider);
        List<String> foreign = rollbacksOf(table, a.lastUpdate(a.table(provider)),
                a.lastUpdate(a.otherTable(provider)), b.lastUpdate(b.otherTable(provider)));
        foreign.forEach(rollback -> assertNativeNotFound(send(b.tenant(), "POST", rollback, null), a));
        assertEquals(version, b.schemaVersion(provider), "B's table changed by a foreign operation id");
        JsonNode preview = json(send(b.tenant(), "POST", rollbacksOf(table, b.lastUpdate(table)).get(0), null)
                .assertStatus(200, a).response());
        assertEquals("migration_preview", preview.path("kind").asText(), preview.toString());
        assertEquals(version, b.schemaVersion(provider), "a dry run changed B's table");
    }

    /**
     * B lists only its own indexes; A's index name is free in B's table (dropping it there is a 404), B can make and
     * drop an index of that name in its own table, and A's index (compared by the caller) stays.
     */
    private static void assertOwnIndexes(IsolationTenant a, IsolationTenant b, String provider) {
        String indexes = b.table(provider) + "indexes/";
        assertFalse(indexNames(b, indexes).contains(a.index()), "A's index listed to B");
        assertNativeNotFound(send(b.tenant(), "DELETE", indexes + a.index() + "/", null), a);
        send(b.tenant(), "POST", indexes, "{\"name\":\"" + a.index() + "\",\"fields\":[\"title\"]}")
                .assertStatus(201, a);
        assertTrue(indexNames(b, indexes).contains(a.index()), "B's own index not listed");
        send(b.tenant(), "DELETE", indexes + a.index() + "/", null).assertStatus(204, a);
        assertFalse(indexNames(b, indexes).contains(a.index()), "B's own index not dropped");
    }

    /** Adoption reads B's own schema: B's tables are registered already, and A's raw table is unknown (400). */
    private static void assertOwnAdoption(IsolationTenant a, IsolationTenant b, String raw) {
        String adopt = b.ds("flat_table") + "adopt/";
        JsonNode all = json(send(b.tenant(), "POST", adopt, "{}").assertStatus(200, a).response());
        assertEquals(0, all.path("adopted").size(), all.toString());
        assertFalse(all.toString().contains(raw), all.toString());
        send(b.tenant(), "POST", adopt, adoptBodies(raw).get(1)).assertStatus(400, a);
        assertEquals(2, b.get(b.ds("flat_table") + "datatables/").path("count").asLong(), "B's tables");
    }

    // --- helpers ---

    /** A raw table in A's schema, holding the marker, that only A's adoption may take; answers its name. */
    private String rawTableOf(IsolationTenant a) {
        String raw = "loose" + Api.hex(6);
        TenantSchema.run(pool, Api.tenant(a.tenant()), "CREATE TABLE " + raw + " (id integer PRIMARY KEY, title text);"
                + "INSERT INTO " + raw + " VALUES (1, '" + a.marker() + "')");
        return raw;
    }

    /** Adopting everything, and the raw table by name. */
    private static List<String> adoptBodies(String raw) {
        return List.of("{}", "{\"tables\":[\"" + raw + "\"]}");
    }

    /** The rollback of each operation, on {@code table}, as a dry run and for real (dry runs first). */
    private static List<String> rollbacksOf(String table, long... operations) {
        List<String> paths = new ArrayList<>();
        for (long operation : operations) {
            String rollback = table + "operations/" + operation + "/rollback/";
            paths.add(rollback);
            paths.add(0, rollback + "?dry_run=true");
        }
        return paths;
    }

    private static Set<Long> operationIds(IsolationTenant tenant) {
        Set<Long> ids = new HashSet<>();
        for (String provider : PROVIDERS) {
            for (String table : List.of(tenant.table(provider), tenant.otherTable(provider))) {
                tenant.get(table + "operations/?page_size=1000").path("results")
                        .forEach(operation -> ids.add(operation.path("id").asLong()));
            }
        }
        return ids;
    }

    private static List<String> indexNames(IsolationTenant tenant, String indexes) {
        List<String> names = new ArrayList<>();
        tenant.get(indexes + "?page_size=1000").path("results").forEach(index -> names.add(index.path("name")
                .asText()));
        return names;
    }

    /** A's tables, histories, records and indexes as before; its items still at the version its change made. */
    private static void assertUnchanged(IsolationTenant a, JsonNode before) {
        assertEquals(before, a.state(), "tenant A's objects changed");
        for (String provider : PROVIDERS) {
            assertEquals(2, a.schemaVersion(provider), provider);
        }
    }

    /** The raw table was adoptable all along: B's answers owed nothing to its name. */
    private static void assertAdoptableByA(IsolationTenant a, String raw) {
        JsonNode adopted = json(send(a.tenant(), "POST", a.ds("flat_table") + "adopt/", adoptBodies(raw).get(1))
                .response());
        assertEquals(raw, adopted.path("adopted").path(0).path("name").asText(), adopted.toString());
    }
}
