package io.datably.security;

import io.datably.testsupport.Api;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The requests of the cross-tenant sweep: for each operation of the API (its OpenAPI template), requests aimed at
 * tenant A's objects, on every provider, with bodies that would change A's data if they got through. Writes that
 * remove things come last, innermost first, so that a leaking delete cannot hide what the other requests do.
 */
final class SweepProbes {
    private static final String APPS = "/api/apps";
    private static final String APP = APPS + "/{app}";
    private static final String DS = APP + "/datasources/{ds}";
    private static final String TABLE = DS + "/datatables/{table}";
    private static final String RECORDS = TABLE + "/records";
    private static final String TREEQL = DS + "/records/{table}";
    private static final String COLUMNS = DS + "/columns/{table}";

    /**
     * One request; {@code ownScope}: a tenant-wide endpoint (the caller's own app list, a new app), which B may use
     * (2xx) as long as nothing of A shows.
     */
    record Probe(String method, String template, String path, String body, boolean ownScope, String accept,
                 String contentType) {
        Probe(String method, String template, String path, String body, boolean ownScope) {
            this(method, template, path, body, ownScope, null, null);
        }
    }

    private SweepProbes() {
    }

    static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    static List<Probe> aimedAt(TenantFixture a) {
        List<Probe> probes = new ArrayList<>();
        Sink add = new Sink(probes, a);
        add.own("GET", APPS, "/", null);
        add.own("GET", APPS, "/?search=" + a.app(), null);
        add.own("POST", APPS, "/", "{\"name\":\"Own\",\"slug\":\"own-" + Api.hex(6) + "\"}");
        add.to("GET", APP, "", null);
        add.to("PUT", APP, "", "{\"name\":\"hijacked\"}");
        add.to("PATCH", APP, "", "{\"name\":\"hijacked\",\"is_active\":false}");
        add.to("GET", APP + "/stats", "", null);
        add.to("POST", APP + "/datasources", "", "{\"name\":\"intruder\",\"provider_type\":\"jsonb\"}");
        add.to("GET", APP + "/datasources", "?is_active=false", null);
        add.to("GET", APP + "/datatables", "?datasource=" + a.datasource("flat_table"), null);
        add.to("GET", APP + "/datatables/stats", "", null);
        // The typed per-app OpenAPI documents: every table's schema of A's, app-wide and per datasource.
        add.to("GET", APP + "/openapi", "", null);
        add.to("GET", APP + "/openapi", "?datasource=" + a.datasource("flat_table"), null);
        for (String provider : TenantFixture.PROVIDERS) {
            add.datasource(provider);
        }
        add.to("DELETE", APP, "", null);
        probes.sort(Comparator.comparingInt(SweepProbes::removalOrder));
        return probes;
    }

    /** Deletes after everything else, records before tables before datasources before the app. */
    private static int removalOrder(Probe probe) {
        return probe.method().equals("DELETE") ? 100 - probe.template().split("/").length : 0;
    }

    /** Adds the probes of one template, filled with A's names. */
    private record Sink(List<Probe> probes, TenantFixture a) {
        void own(String method, String template, String suffix, String body) {
            probes.add(new Probe(method, template, withoutTrailingSlash(template + suffix), body, true));
        }

        void to(String method, String template, String suffix, String body) {
            probes.add(new Probe(method, template, fill(template, null, "items") + suffix, body, false));
        }

        String fill(String template, String ds, String table) {
            return template.replace("{app}", a.app()).replace("{ds}", ds == null ? "" : ds)
                    .replace("{table}", table) + "/";
        }

        void datasource(String provider) {
            String ds = a.datasource(provider);
            at(ds, "GET", DS, "", null);
            at(ds, "PATCH", DS, "", "{\"name\":\"hijacked\",\"is_active\":false,\"provider_config\":{}}");
            at(ds, "GET", DS + "/stats", "", null);
            at(ds, "POST", DS + "/adopt", "", "{}");
            at(ds, "POST", DS + "/adopt", "", "{\"tables\":[\"" + TenantFixture.RAW_TABLE + "\"]}");
            at(ds, "POST", DS + "/datatables", "", "{\"name\":\"intruder\",\"json_schema\":"
                    + TenantFixture.ITEMS_V1 + "}");
            at(ds, "GET", DS + "/datatables", "?is_active=false", null);
            // Schema inference (issue 14): reads nothing of A's, yet A's datasource must stay invisible (404).
            probes.add(new Probe("POST", DS + "/datatables/infer", fill(DS + "/datatables/infer", ds, "items"),
                    "id,title\n1,intruder\n", false, null, "text/csv"));
            at(ds, "GET", DS + "/openapi", "", null);
            // The TreeQL columns API (issue 16): A's structure, read and changed.
            at(ds, "GET", DS + "/columns", "", null);
            at(ds, "POST", DS + "/columns", "", "{\"name\":\"intruder\",\"columns\":[{\"name\":\"id\","
                    + "\"type\":\"integer\",\"pk\":true}]}");
            table(ds, "items");
            if (provider.equals("flat_table")) {
                table(ds, TenantFixture.DRAFT);
            }
            at(ds, "DELETE", DS, "", null);
        }

        void table(String ds, String table) {
            String schema = "{\"description\":\"hijacked\",\"json_schema\":" + TenantFixture.ITEMS_V1 + "}";
            String record = "{\"id\":3,\"title\":\"intruder\",\"qty\":3,\"note\":\"x\"}";
            at(ds, table, "GET", TABLE, "", null);
            at(ds, table, "PUT", TABLE, "?allow_destructive=true", schema);
            at(ds, table, "PATCH", TABLE, "?allow_destructive=true", schema);
            at(ds, table, "PATCH", TABLE, "", "{\"is_active\":false}");
            at(ds, table, "PATCH", TABLE, "", "{\"name\":\"hijacked_" + table + "\"}");
            at(ds, table, "GET", TABLE + "/schema", "", null);
            at(ds, table, "GET", TABLE + "/operations", "", null);
            at(ds, table, "POST", TABLE + "/operations/" + a.updateOperation(ds) + "/rollback", "", null,
                    TABLE + "/operations/{id}/rollback");
            at(ds, table, "POST", TABLE + "/materialize", "", null);
            at(ds, table, "GET", TABLE + "/indexes", "", null);
            at(ds, table, "POST", TABLE + "/indexes", "", "{\"fields\":[\"title\"]}");
            at(ds, table, "DELETE", TABLE + "/indexes/" + a.index(ds), "", null, TABLE + "/indexes/{name}");
            at(ds, table, "GET", RECORDS, "", null);
            at(ds, table, "GET", RECORDS, "?title__contains=secret&ordering=-id&fields=id,title", null);
            at(ds, table, "GET", RECORDS + "/aggregate", "?aggregates=count(*),sum(qty)&group_by=title", null);
            at(ds, table, "POST", RECORDS + "/aggregate", "", "{\"aggregates\":[\"count(*)\"]}");
            at(ds, table, "POST", RECORDS + "/query", "", "{\"where\":{\"field\":\"id\",\"op\":\"gt\",\"value\":0}}");
            // Export and import (issue 14): the records streamed as CSV or NDJSON, and rows loaded from every format.
            String list = fill(RECORDS, ds, table);
            probes.add(new Probe("GET", RECORDS, list + "?title__contains=secret", null, false, "text/csv", null));
            probes.add(new Probe("GET", RECORDS, list, null, false, "application/x-ndjson", null));
            String imports = fill(TABLE + "/imports", ds, table);
            probes.add(new Probe("POST", TABLE + "/imports", imports, "[" + record + "]", false, null, null));
            probes.add(new Probe("POST", TABLE + "/imports", imports + "?mode=skip_invalid",
                    "id,title,qty,note\n3,intruder,3,x\n", false, null, "text/csv"));
            probes.add(new Probe("POST", TABLE + "/imports", imports, record + "\n", false, null,
                    "application/x-ndjson"));
            probes.add(new Probe("POST", TABLE + "/imports", imports + "?async=true", "[" + record + "]", false, null,
                    null));
            probes.add(new Probe("POST", TABLE + "/imports", imports, "--b\r\nContent-Disposition: form-data; "
                    + "name=\"file\"; filename=\"rows.csv\"\r\nContent-Type: text/csv\r\n\r\nid,title,qty,note\n3,"
                    + "intruder,3,x\n\r\n--b--\r\n", false, null, "multipart/form-data; boundary=b"));
            // Import jobs: A's own job (its id is known to B here), read, followed and cancelled by B.
            String job = a.importJob(ds);
            if (table.equals("items")) {
                at(ds, table, "GET", TABLE + "/imports/" + job, "", null, TABLE + "/imports/{id}");
                at(ds, table, "GET", TABLE + "/imports/" + job + "/events", "", null, TABLE + "/imports/{id}/events");
                at(ds, table, "DELETE", TABLE + "/imports/" + job, "", null, TABLE + "/imports/{id}");
            }
            // Hierarchies (issue 15): reads only, by key and the forest.
            for (String walk : List.of("ancestors", "descendants", "tree")) {
                at(ds, table, "GET", RECORDS + "/1/" + walk, "?max_depth=3", null, RECORDS + "/{pk}/" + walk);
            }
            at(ds, table, "GET", RECORDS + "/1/siblings", "?ordering=id", null, RECORDS + "/{pk}/siblings");
            at(ds, table, "GET", RECORDS + "/tree", "?roots=(id__gte=0)", null);
            at(ds, table, "POST", RECORDS, "", record);
            at(ds, table, "POST", RECORDS, "", "[" + record + "]");
            at(ds, table, "POST", RECORDS, "?on_conflict=", "[" + record + "]");
            at(ds, table, "POST", RECORDS, "?on_conflict=id", "{\"id\":1,\"title\":\"hijacked\",\"qty\":1}");
            // Atomic batches (issue 14): every kind of operation on A's table, through A's datasource.
            String named = "\"table\":" + Api.toJson(table);
            probes.add(new Probe("POST", DS + "/batch", fill(DS + "/batch", ds, table), "{\"operations\":["
                    + "{\"op\":\"create\"," + named + ",\"record\":" + record + "},"
                    + "{\"op\":\"update\"," + named + ",\"pk\":\"1\",\"record\":{\"title\":\"hijacked\"}},"
                    + "{\"op\":\"replace\"," + named + ",\"pk\":\"1\",\"record\":" + record.replace("3", "1") + "},"
                    + "{\"op\":\"upsert\"," + named + ",\"records\":[" + record + "]}]}", false, null, null));
            probes.add(new Probe("POST", DS + "/batch", fill(DS + "/batch", ds, table), "{\"operations\":["
                    + "{\"op\":\"delete\"," + named + ",\"pk\":\"1\",\"purge\":true}]}", false, null, null));
            at(ds, table, "PATCH", RECORDS, "?id__gte=0", "{\"title\":\"hijacked\"}");
            at(ds, table, "PATCH", RECORDS, "?id__gte=0&dry_run=true", "{\"title\":\"hijacked\"}");
            at(ds, table, "DELETE", RECORDS, "?id__gte=0", null);
            for (String pk : List.of("1", "999")) {
                at(ds, table, "GET", RECORDS + "/" + pk, "", null, RECORDS + "/{pk}");
                at(ds, table, "PUT", RECORDS + "/" + pk, "", record, RECORDS + "/{pk}");
                at(ds, table, "PATCH", RECORDS + "/" + pk, "", "{\"title\":\"hijacked\"}", RECORDS + "/{pk}");
                at(ds, table, "DELETE", RECORDS + "/" + pk, "", null, RECORDS + "/{pk}");
                at(ds, table, "DELETE", RECORDS + "/" + pk, "?purge=true", null, RECORDS + "/{pk}");
                at(ds, table, "GET", RECORDS + "/" + pk, "?deleted=include", null, RECORDS + "/{pk}");
                at(ds, table, "POST", RECORDS + "/" + pk + "/restore", "", null, RECORDS + "/{pk}/restore");
                at(ds, table, "GET", RECORDS + "/" + pk + "/history", "", null, RECORDS + "/{pk}/history");
            }
            at(ds, table, "GET", RECORDS, "?deleted=only", null);
            // The audit trail (issue 14): a table's entries and a record's history, read only.
            at(ds, table, "GET", TABLE + "/audit", "", null);
            at(ds, table, "GET", TABLE + "/audit", "?action=update&ordering=at", null);
            // Graph walks (issue 15): read only, each aimed at A's records.
            at(ds, table, "GET", TABLE + "/graph/traverse", "?start=1&direction=both", null);
            at(ds, table, "GET", TABLE + "/graph/neighbors", "?node=1", null);
            at(ds, table, "GET", TABLE + "/graph/components", "?node=1", null);
            at(ds, table, "GET", TABLE + "/graph/shortest-path", "?from=1&to=2", null);
            at(ds, table, "GET", COLUMNS, "", null);
            at(ds, table, "GET", COLUMNS + "/id", "", null, COLUMNS + "/{column}");
            at(ds, table, "PUT", COLUMNS + "/title", "", "{\"name\":\"hijacked\",\"nullable\":false}",
                    COLUMNS + "/{column}");
            at(ds, table, "POST", COLUMNS, "", "{\"name\":\"intruder\",\"type\":\"integer\",\"nullable\":true}");
            at(ds, table, "PUT", COLUMNS, "", "{\"name\":\"hijacked_" + table + "\"}");
            at(ds, table, "GET", TREEQL, "", null);
            at(ds, table, "GET", TREEQL, "?filter=title,cs,secret&join=items", null);
            at(ds, table, "POST", TREEQL, "", record);
            at(ds, table, "POST", TREEQL, "", "id=4&title=intruder");
            for (String ids : List.of("1", "1,2")) {
                String rows = ids.contains(",") ? "[{\"title\":\"hijacked\"},{\"title\":\"hijacked\"}]"
                        : "{\"title\":\"hijacked\"}";
                at(ds, table, "GET", TREEQL + "/" + ids, "", null, TREEQL + "/{ids}");
                at(ds, table, "PUT", TREEQL + "/" + ids, "", rows, TREEQL + "/{ids}");
                at(ds, table, "PATCH", TREEQL + "/" + ids, "", rows.replace("\"title\":\"hijacked\"", "\"qty\":5"),
                        TREEQL + "/{ids}");
                at(ds, table, "DELETE", TREEQL + "/" + ids, "", null, TREEQL + "/{ids}");
            }
            at(ds, table, "DELETE", COLUMNS + "/title", "", null, COLUMNS + "/{column}");
            at(ds, table, "DELETE", COLUMNS, "", null);
            at(ds, table, "DELETE", TABLE, "", null);
        }

        private void at(String ds, String method, String template, String suffix, String body) {
            at(ds, "items", method, template, suffix, body);
        }

        private void at(String ds, String table, String method, String template, String suffix, String body) {
            at(ds, table, method, template, suffix, body, template);
        }

        /** {@code written}: the template with some parameters already filled in (an operation id, an index name). */
        private void at(String ds, String table, String method, String written, String suffix, String body,
                        String template) {
            probes.add(new Probe(method, template, fill(written, ds, table) + suffix, body, false));
        }
    }
}
