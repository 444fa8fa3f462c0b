package io.datably.security;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;

/**
 * Everything a tenant stores, read straight from the stores (not through the API under test), as text to compare:
 * its catalog rows (and any row of another tenant hung under its objects), every table of its PostgreSQL schema with
 * its columns, constraints and indexes, and every collection of its MongoDB database with its indexes.
 */
final class TenantSnapshot {
    /** Catalog rows of the tenant, and rows that point at its objects whatever tenant they claim. */
    private static final Map<String, String> CATALOG = new LinkedHashMap<>();

    static {
        CATALOG.put("app", "tenant = $1");
        CATALOG.put("data_source", "tenant = $1 OR app_id IN (SELECT id FROM app WHERE tenant = $1)");
        CATALOG.put("data_table", "tenant = $1 OR datasource_id IN (SELECT id FROM data_source WHERE tenant = $1)");
        CATALOG.put("schema_operation",
                "tenant = $1 OR datatable_id IN (SELECT id FROM data_table WHERE tenant = $1)");
    }

    private static final String SCHEMA_TABLES = "SELECT table_name FROM information_schema.tables "
            + "WHERE table_schema = $1 ORDER BY table_name";
    private static final String COLUMNS = "SELECT coalesce(string_agg(table_name || '.' || column_name || ' '"
            + " || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, ''), E'\\n'"
            + " ORDER BY table_name, ordinal_position), '') FROM information_schema.columns WHERE table_schema = $1";
    private static final String CONSTRAINTS = "SELECT coalesce(string_agg(c.conrelid::regclass || ' ' || c.conname"
            + " || ' ' || pg_get_constraintdef(c.oid), E'\\n' ORDER BY c.conrelid::regclass::text, c.conname), '')"
            + " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1";
    private static final String INDEXES = "SELECT coalesce(string_agg(indexdef || ' ' || coalesce(obj_description("
            + "(quote_ident(schemaname) || '.' || quote_ident(indexname))::regclass), ''), E'\\n' ORDER BY indexname),"
            + " '') FROM pg_indexes WHERE schemaname = $1";

    private TenantSnapshot() {
    }

    /** The tenant's data, one entry per thing compared, so that a difference names what changed. */
    static Map<String, String> of(String tenant, Pool pool, ReactiveMongoClient mongo) {
        Map<String, String> snapshot = new LinkedHashMap<>();
        CATALOG.forEach((table, where) -> snapshot.put("catalog " + table, one(pool,
                "SELECT coalesce(jsonb_agg(to_jsonb(x) ORDER BY x.id), '[]')::text FROM " + table + " x WHERE "
                        + where, tenant)));
        String schema = "t_" + tenant;
        snapshot.put("columns", one(pool, COLUMNS, schema));
        snapshot.put("constraints", one(pool, CONSTRAINTS, schema));
        snapshot.put("indexes", one(pool, INDEXES, schema));
        for (Row row : pool.preparedQuery(SCHEMA_TABLES).execute(Tuple.of(schema)).await().indefinitely()) {
            String table = "\"" + schema + "\".\"" + row.getString(0).replace("\"", "\"\"") + "\"";
            snapshot.put("rows of " + table, one(pool, "SELECT coalesce(jsonb_agg(to_jsonb(x)::text "
                    + "ORDER BY to_jsonb(x)::text), '[]')::text FROM " + table + " x WHERE $1::text IS NOT NULL",
                    schema));
        }
        var database = mongo.getDatabase(schema);
        List<String> collections = new ArrayList<>(database.listCollectionNames().collect().asList().await()
                .indefinitely());
        collections.sort(null);
        snapshot.put("mongodb collections", collections.toString());
        for (String name : collections) {
            var collection = database.getCollection(name);
            snapshot.put("mongodb documents of " + name, collection.find(new Document(), new io.quarkus.mongodb
                    .FindOptions().sort(new Document("_id", 1))).map(Document::toJson).collect().asList().await()
                    .indefinitely().toString());
            snapshot.put("mongodb indexes of " + name, collection.listIndexes().map(Document::toJson).collect()
                    .asList().await().indefinitely().toString());
        }
        return snapshot;
    }

    private static String one(Pool pool, String sql, String parameter) {
        return pool.preparedQuery(sql).execute(Tuple.of(parameter)).await().indefinitely().iterator().next()
                .getString(0);
    }
}
