package io.datably.authz;

import static io.datably.security.EnforcedMode.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.security.EnforcedMode;
import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The department example (policies/examples/hr.yaml) with the real Cerbos PDP, on all three providers: a caller of
 * department {@code sales} reaches only records whose {@code department} is {@code sales}, through every road a
 * record can be read by (lists, counts, aggregates, cursor pages, expansions, relation filters, TreeQL) and written
 * by. Every expectation is computed here from the rows the test inserted, not read back from the service.
 */
@QuarkusTest
@TestProfile(EnforcedMode.class)
class RowSecurityTest {
    private static final String TENANT = "example";
    private static final String APP = "hr";
    private static final List<String> DEPARTMENTS = List.of("sales", "ops", "it");
    /** id → department, salary: 15 employees spread over the departments. */
    private static final Map<Integer, Object[]> EMPLOYEES = new TreeMap<>();
    private static boolean created;

    static {
        for (int id = 1; id <= 15; id++) {
            EMPLOYEES.put(id, new Object[] {DEPARTMENTS.get(id * 7 % 3), 1000 + id * 100});
        }
    }

    private static final String ADMIN = EnforcedMode.token("root", TENANT, "admin");
    private static final String SALES_VIEWER = EnforcedMode.claims("ann", TENANT, "viewer")
            .claim("department", "sales").sign();
    private static final String SALES_EDITOR = EnforcedMode.claims("sam", TENANT, "editor")
            .claim("department", "sales").sign();
    private static final String NO_DEPARTMENT = EnforcedMode.token("nobody", TENANT, "viewer");

    private static String records(String ds, String table) {
        return Api.recordsPath(APP, ds, table);
    }

    @BeforeEach
    void createOnce() {
        if (created) {
            return;
        }
        EnforcedMode.sharedAppWithEveryProvider(ADMIN, APP);
        for (String ds : EnforcedMode.PROVIDERS.keySet()) {
            String tables = Api.dsPath(APP, ds) + "datatables/";
            as(ADMIN).body("{\"name\":\"departments\",\"json_schema\":{\"fields\":[{\"name\":\"department\","
                    + "\"type\":\"string\"},{\"name\":\"floor\",\"type\":\"integer\"}],\"primaryKey\":[\"department\"]}}")
                    .post(tables).then().statusCode(201);
            as(ADMIN).body("{\"name\":\"employees\",\"json_schema\":{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},"
                    + "{\"name\":\"department\",\"type\":\"string\"},{\"name\":\"salary\",\"type\":\"integer\"}],"
                    + "\"primaryKey\":[\"id\"],\"foreignKeys\":[{\"fields\":[\"department\"],\"reference\":{"
                    + "\"resource\":\"departments\",\"fields\":[\"department\"]}}]}}")
                    .post(tables).then().statusCode(201);
            List<Map<String, Object>> departments = new ArrayList<>();
            for (int i = 0; i < DEPARTMENTS.size(); i++) {
                departments.add(Map.of("department", DEPARTMENTS.get(i), "floor", i + 1));
            }
            as(ADMIN).body(Api.toJson(departments)).post(records(ds, "departments")).then().statusCode(201);
            List<Map<String, Object>> employees = new ArrayList<>();
            EMPLOYEES.forEach((id, row) -> employees.add(Map.of("id", id, "department", row[0], "salary", row[1])));
            as(ADMIN).body(Api.toJson(employees)).post(records(ds, "employees")).then().statusCode(201);
        }
        created = true;
    }

    /** The ids of the employees of {@code department}, computed from what the test inserted. */
    private static Set<Integer> idsIn(String department) {
        return EMPLOYEES.entrySet().stream().filter(e -> e.getValue()[0].equals(department)).map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Integer> ids(JsonNode records) {
        Set<Integer> ids = new TreeSet<>();
        records.forEach(r -> ids.add(r.get("id").asInt()));
        return ids;
    }

    private static JsonNode json(Response response) {
        response.then().log().ifValidationFails().statusCode(200);
        return Api.json(response);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void listsAndCountsHoldOnlyTheCallersDepartment(String ds) {
        JsonNode page = json(as(SALES_VIEWER).get(records(ds, "employees") + "?page_size=100"));
        assertEquals(idsIn("sales"), ids(page.get("results")));
        assertEquals(idsIn("sales").size(), page.get("count").asInt());
        // The caller's own filter and the policy's, together.
        Set<Integer> richSales = idsIn("sales").stream().filter(id -> (int) EMPLOYEES.get(id)[1] >= 1800)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(richSales, ids(json(as(SALES_VIEWER).get(records(ds, "employees") + "?salary__gte=1800"))
                .get("results")));
        // An admin sees everyone; a caller without a department claim sees nobody.
        assertEquals(EMPLOYEES.keySet(), ids(json(as(ADMIN).get(records(ds, "employees") + "?page_size=100"))
                .get("results")));
        JsonNode none = json(as(NO_DEPARTMENT).get(records(ds, "employees")));
        assertEquals(0, none.get("count").asInt());
        assertEquals(0, none.get("results").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void cursorPagesWalkOnlyTheCallersDepartment(String ds) {
        Set<Integer> seen = new TreeSet<>();
        String cursor = "";
        for (int guard = 0; guard < 20 && cursor != null; guard++) {
            JsonNode page = json(as(SALES_VIEWER).queryParam("cursor", cursor).queryParam("page_size", 2)
                    .get(records(ds, "employees")));
            page.get("results").forEach(r -> assertTrue(seen.add(r.get("id").asInt()), "seen twice: " + r));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        }
        assertEquals(idsIn("sales"), seen);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void aggregatesCountOnlyTheCallersDepartment(String ds) {
        JsonNode rows = json(as(SALES_VIEWER).get(records(ds, "employees")
                + "aggregate/?group_by=department&aggregates=count(*),sum(salary)")).get("results");
        int total = idsIn("sales").stream().mapToInt(id -> (int) EMPLOYEES.get(id)[1]).sum();
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("sales", rows.get(0).get("department").asText());
        assertEquals(idsIn("sales").size(), rows.get(0).get("count").asInt());
        assertEquals(total, rows.get(0).get("sum_salary").asInt());
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void relatedTablesAreUnderTheirOwnFilter(String ds) {
        // departments → employees (to-many): only sales, holding only sales employees.
        JsonNode departments = json(as(SALES_VIEWER).get(records(ds, "departments") + "?expand=employees"))
                .get("results");
        assertEquals(1, departments.size(), departments.toString());
        assertEquals(idsIn("sales"), ids(departments.get(0).get("employees")));
        // A relation filter matches through visible related records only: ops is on floor 2, out of reach.
        assertEquals(0, json(as(SALES_VIEWER).get(records(ds, "employees") + "?departments__floor=2"))
                .get("count").asInt());
        assertEquals(idsIn("sales"), ids(json(as(SALES_VIEWER).get(records(ds, "employees")
                + "?departments__floor=1&page_size=100")).get("results")));
        // The admin's expansion from the departments side: every employee of ops, while the sales viewer's is empty.
        JsonNode ops = json(as(ADMIN).get(records(ds, "departments") + "?department=ops&expand=employees"))
                .get("results").get(0);
        assertEquals(idsIn("ops"), ids(ops.get("employees")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void treeQlListsReadsAndJoinsAreFilteredToo(String ds) {
        String base = Api.dsPath(APP, ds) + "records/";
        JsonNode list = json(as(SALES_VIEWER).get(base + "employees?size=100"));
        assertEquals(idsIn("sales"), ids(list.get("records")));
        JsonNode joined = json(as(SALES_VIEWER).get(base + "departments?join=employees"));
        assertEquals(1, joined.get("records").size());
        assertEquals(idsIn("sales"), ids(joined.get("records").get(0).get("employees")));
        int other = idsIn("ops").iterator().next();
        as(SALES_VIEWER).get(base + "employees/" + other).then().statusCode(404);
        as(SALES_VIEWER).get(base + "employees/" + idsIn("sales").iterator().next()).then().statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void aRecordOutOfReachIsNotFoundAndCannotBeWritten(String ds) {
        int own = idsIn("sales").iterator().next();
        int other = idsIn("ops").iterator().next();
        String path = records(ds, "employees");
        Api.assertProblem(as(SALES_VIEWER).get(path + other), 404, "DS104");
        JsonNode mine = json(as(SALES_VIEWER).get(path + own));
        assertEquals("sales", mine.get("department").asText());
        assertEquals(Api.json(as(ADMIN).get(path + own).asString()), mine, "the same record as the admin reads");
        // Writes: an editor of sales cannot touch ops, nor move a record out of sales, nor create one in ops.
        Api.assertProblem(as(SALES_EDITOR).body("{\"salary\":1}").patch(path + other), 404, "DS104");
        Api.assertProblem(as(SALES_EDITOR).delete(path + other), 404, "DS104");
        Api.assertProblem(as(SALES_EDITOR).body("{\"department\":\"ops\"}").patch(path + own), 403, "DS302");
        Api.assertProblem(as(SALES_EDITOR).body("{\"id\":900,\"department\":\"ops\",\"salary\":5}").post(path),
                403, "DS302");
        // A viewer reads but does not write, even within the department.
        Api.assertProblem(as(SALES_VIEWER).body("{\"salary\":1}").patch(path + own), 403, "DS302");
        // Nothing above changed anything.
        assertEquals(EMPLOYEES.get(other)[1], json(as(ADMIN).get(path + other)).get("salary").asInt());
        assertEquals("sales", json(as(ADMIN).get(path + own)).get("department").asText());
        as(ADMIN).get(path + "900").then().statusCode(404);
        // Within reach, the editor writes.
        as(SALES_EDITOR).body("{\"id\":901,\"department\":\"sales\",\"salary\":5}").post(path).then().statusCode(201);
        as(SALES_EDITOR).body("{\"salary\":6}").patch(path + "901").then().statusCode(200);
        as(SALES_EDITOR).delete(path + "901").then().statusCode(204);
    }

    @ParameterizedTest
    @ValueSource(strings = {"flat", "jsonb", "mongo"})
    void aReadByKeyWithFieldsOrExpansionsKeepsEveryRowFilter(String ds) {
        int own = idsIn("sales").iterator().next();
        int other = idsIn("ops").iterator().next();
        String employees = records(ds, "employees");
        Api.assertProblem(as(SALES_VIEWER).get(employees + other + "/?fields=id"), 404, "DS104");
        Api.assertProblem(as(SALES_VIEWER).get(employees + other + "/?expand=departments"), 404, "DS104");
        Api.assertProblem(as(NO_DEPARTMENT).get(employees + own + "/?fields=id"), 404, "DS104");
        JsonNode mine = json(as(SALES_VIEWER).get(employees + own + "/?fields=id&expand=departments"));
        assertEquals(own, mine.get("id").asInt());
        assertEquals(2, mine.size(), mine.toString());
        assertEquals(1, mine.get("departments").get("floor").asInt());
        String departments = records(ds, "departments");
        Api.assertProblem(as(SALES_VIEWER).get(departments + "ops/?expand=employees"), 404, "DS104");
        assertEquals(idsIn("sales"), ids(json(as(SALES_VIEWER).get(departments + "sales/?expand=employees"))
                .get("employees")));
        assertEquals(idsIn("ops"), ids(json(as(ADMIN).get(departments + "ops/?expand=employees&fields=floor"))
                .get("employees")));
    }
}
