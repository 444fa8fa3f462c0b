package io.datably.api;

import static io.datably.api.IsolationProbes.assertNativeNotFound;
import static io.datably.api.IsolationProbes.assertTreeQlNotFound;
import static io.datably.api.IsolationProbes.send;
import static io.datably.api.IsolationTenant.PROVIDERS;
import static io.datably.testsupport.Api.json;
import static io.datably.testsupport.Api.newTenantId;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The record endpoints beyond plain CRUD (aggregates, the JSON query) and the TreeQL API are confined to the
 * caller's tenant: tenant B, with A's slugs, gets 404 in each API's own error format where it has no such objects,
 * and only its own records where it made some of the same names; A's records stay as they were.
 */
@QuarkusTest
class TenantIsolationRecordsTest {
    private static final String NO_TABLE = "Table '" + IsolationTenant.ITEMS + "' not found";
    private static final String QUERY = "{\"where\":{\"field\":\"id\",\"op\":\"gt\",\"value\":0}}";
    private static final String AGGREGATES = "aggregate/?aggregates=count(*),sum(qty)&group_by=title";

    @Test
    void shouldAnswer404ToTenantWithoutSameNamedObjects() {
        IsolationTenant a = IsolationTenant.tenantA(null);
        JsonNode before = a.state();
        String b = newTenantId("tb");

        List<Executable> checks = new ArrayList<>();
        for (String provider : PROVIDERS) {
            String records = a.records(provider);
            checks.add(() -> assertNativeNotFound(send(b, "GET", records + AGGREGATES, null), a));
            checks.add(() -> assertNativeNotFound(send(b, "POST", records + "aggregate/",
                    "{\"aggregates\":[\"count(*)\"]}"), a));
            checks.add(() -> assertNativeNotFound(send(b, "POST", records + "query/", QUERY), a));
            // TreeQL's document: another tenant's datasource is a route that is not there, in TreeQL's format.
            String document = a.ds(provider) + "openapi";
            checks.add(() -> assertTreeQlNotFound(send(b, "GET", document, null), 1000,
                    "Route '" + document + "' not found", a));
            String treeql = a.treeql(provider);
            for (String[] request : treeQlRequests(treeql, a.record(3))) {
                checks.add(() -> assertTreeQlNotFound(send(b, request[0], request[1], request[2]), 1001, NO_TABLE,
                        a));
            }
        }
        assertAll(checks);

        assertEquals(before, a.state(), "tenant A's objects changed");
    }

    @Test
    void shouldShowTenantWithSameNamedObjectsOnlyItsOwn() {
        IsolationTenant a = IsolationTenant.tenantA(null);
        JsonNode before = a.state();
        IsolationTenant b = IsolationTenant.sameNamedAs(a);

        List<Executable> checks = new ArrayList<>();
        for (String provider : PROVIDERS) {
            checks.add(() -> assertOwnAggregatesAndQuery(a, b, provider));
            checks.add(() -> assertOwnTreeQl(a, b, provider));
        }
        assertAll(checks);

        assertEquals(before, a.state(), "tenant A's objects changed");
    }

    /** Aggregates and the JSON query of B count and return B's one record, not A's two. */
    private static void assertOwnAggregatesAndQuery(IsolationTenant a, IsolationTenant b, String provider) {
        String records = b.records(provider);
        JsonNode grouped = json(send(b.tenant(), "GET", records + AGGREGATES, null).assertStatus(200, a).response());
        assertEquals(json("[{\"title\":\"" + b.marker() + "-1\",\"count\":1,\"sum_qty\":1}]"),
                grouped.path("results"), grouped.toString());
        JsonNode counted = json(send(b.tenant(), "POST", records + "aggregate/", "{\"aggregates\":[\"count(*)\"]}")
                .assertStatus(200, a).response());
        assertEquals(json("[{\"count\":1}]"), counted.path("results"), counted.toString());
        JsonNode queried = json(send(b.tenant(), "POST", records + "query/", QUERY).assertStatus(200, a).response());
        assertEquals(b.get(records).path("results"), queried.path("results"), queried.toString());
        assertEquals(1, queried.path("count").asLong(), queried.toString());
    }

    /**
     * TreeQL of B reads and writes B's records alone: record 2, which only A has, is not found; B's writes to its
     * record 1 and its new record 3 show in B's table (and A's, compared by the caller, stays); B's TreeQL document
     * describes B's tables, not A's table named by A's marker.
     */
    private static void assertOwnTreeQl(IsolationTenant a, IsolationTenant b, String provider) {
        String treeql = b.treeql(provider);
        JsonNode list = json(send(b.tenant(), "GET", treeql, null).assertStatus(200, a).response());
        assertEquals(List.of(1), ids(list.path("records")), list.toString());
        assertEquals(b.marker() + "-1", json(send(b.tenant(), "GET", treeql + "/1", null).assertStatus(200, a)
                .response()).path("title").asText());
        // Record 2 is A's alone: B reads, changes and deletes nothing by its key. TreeQL names the ids as sent.
        for (String[] request : keyedRequests(treeql, 2)) {
            String ids = request[1].substring(request[1].lastIndexOf('/') + 1);
            assertTreeQlNotFound(send(b.tenant(), request[0], request[1], request[2]), 1003,
                    "Record '" + ids + "' not found", a);
        }
        assertEquals("3", send(b.tenant(), "POST", treeql, b.record(3)).assertStatus(200, a).body());
        String title = b.marker() + "-changed";
        assertEquals("1", send(b.tenant(), "PUT", treeql + "/1", "{\"title\":\"" + title + "\"}")
                .assertStatus(200, a).body());
        assertEquals("1", send(b.tenant(), "PATCH", treeql + "/1", "{\"qty\":5}").assertStatus(200, a).body());
        JsonNode changed = json(send(b.tenant(), "GET", treeql + "/1", null).assertStatus(200, a).response());
        assertEquals(title, changed.path("title").asText(), changed.toString());
        assertEquals(6, changed.path("qty").asInt(), changed.toString());
        assertEquals("1", send(b.tenant(), "DELETE", treeql + "/1", null).assertStatus(200, a).body());
        JsonNode after = json(send(b.tenant(), "GET", treeql, null).assertStatus(200, a).response());
        // Record 1 was deleted; record 3 is B's new one.
        assertEquals(List.of(3), ids(after.path("records")), after.toString());
        String document = send(b.tenant(), "GET", b.ds(provider) + "openapi", null).assertStatus(200, a).body();
        assertTrue(document.contains("\"others\""), document);
    }

    /** Every TreeQL request of the probes, as {method, path, body}: list, create, and the requests by key. */
    private static List<String[]> treeQlRequests(String treeql, String newRecord) {
        List<String[]> requests = new ArrayList<>();
        requests.add(new String[] {"GET", treeql, null});
        requests.add(new String[] {"POST", treeql, newRecord});
        requests.addAll(keyedRequests(treeql, 1));
        return requests;
    }

    /** Read record {@code id} alone and with record 2, replace, increment, delete it (last: the others find it). */
    private static List<String[]> keyedRequests(String treeql, int id) {
        String one = treeql + "/" + id;
        return List.of(new String[] {"GET", one, null}, new String[] {"GET", treeql + "/1,2", null},
                new String[] {"PUT", one, "{\"title\":\"hijacked\"}"}, new String[] {"PATCH", one, "{\"qty\":5}"},
                new String[] {"DELETE", one, null});
    }

    private static List<Integer> ids(JsonNode records) {
        List<Integer> ids = new ArrayList<>();
        records.forEach(record -> ids.add(record.path("id").asInt()));
        return ids;
    }
}
