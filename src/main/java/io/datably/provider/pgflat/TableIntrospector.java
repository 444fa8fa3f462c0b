package io.datably.provider.pgflat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.ExistingTable;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the tables and views of one PostgreSQL schema from its catalog and describes each as a Frictionless Table
 * Schema, so existing tables can be adopted as DataTables: types (the exact PostgreSQL type kept as
 * {@code "datably:sqlType"}), NOT NULL, primary key, unique constraints, foreign keys within the schema, columns the
 * store fills ({@code "datably:generated"}: defaults, serial, identity) and views ({@code "datably:readOnly"}).
 */
final class TableIntrospector {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Pool pool;

    TableIntrospector(Pool pool) {
        this.pool = pool;
    }

    /** Every table and view of {@code namespace}, by name (Liquibase's and the audit trail's own tables excepted). */
    Uni<List<ExistingTable>> describe(String namespace) {
        Tuple schema = Tuple.of(namespace);
        Uni<List<Row>> relations = rows("""
                SELECT c.relname, c.relkind IN ('v', 'm') AS is_view FROM pg_class c
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm') AND NOT c.relispartition
                  AND c.relname NOT IN ('databasechangelog', 'databasechangeloglock', '_datably_audit')
                ORDER BY c.relname""", schema);
        Uni<List<Row>> columns = rows("""
                SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), t.typname, a.attnotnull,
                       (a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '') AS generated, a.atttypmod,
                       t.typcategory
                FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_type t ON t.oid = a.atttypid
                WHERE n.nspname = $1 AND a.attnum > 0 AND NOT a.attisdropped AND c.relkind IN ('r', 'p', 'v', 'm')
                ORDER BY c.relname, a.attnum""", schema);
        Uni<List<Row>> constraints = rows("""
                SELECT c.relname, con.contype,
                  (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num),
                  fc.relname, fn.nspname,
                  (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
                     JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num)
                FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                LEFT JOIN pg_class fc ON fc.oid = con.confrelid LEFT JOIN pg_namespace fn ON fn.oid = fc.relnamespace
                WHERE n.nspname = $1 AND con.contype IN ('p', 'u', 'f')
                ORDER BY c.relname, con.contype, con.conname""", schema);
        return Uni.combine().all().unis(relations, columns, constraints).asTuple()
                .map(all -> build(namespace, all.getItem1(), all.getItem2(), all.getItem3()));
    }

    private Uni<List<Row>> rows(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params).map(set -> {
            List<Row> list = new ArrayList<>();
            set.forEach(list::add);
            return list;
        });
    }

    private static List<ExistingTable> build(String namespace, List<Row> relations, List<Row> columns, List<Row> constraints) {
        Map<String, ObjectNode> schemas = new LinkedHashMap<>();
        Map<String, Boolean> views = new LinkedHashMap<>();
        for (Row r : relations) {
            ObjectNode schema = JSON.objectNode();
            schema.putArray("fields");
            // In a database "" is a value, not NULL: adopted tables have no missing values.
            schema.putArray("missingValues");
            schemas.put(r.getString(0), schema);
            views.put(r.getString(0), r.getBoolean(1));
            if (r.getBoolean(1)) {
                schema.put("datably:readOnly", true);
            }
        }
        for (Row c : columns) {
            ObjectNode schema = schemas.get(c.getString(0));
            if (schema != null) {
                ((ArrayNode) schema.get("fields")).add(field(c, views.get(c.getString(0))));
            }
        }
        for (Row k : constraints) {
            ObjectNode schema = schemas.get(k.getString(0));
            if (schema == null) {
                continue;
            }
            List<String> fields = strings(k.getArrayOfStrings(2));
            switch (k.getString(1)) {
                case "p" -> schema.set("primaryKey", array(fields));
                case "u" -> {
                    if (fields.size() == 1) {
                        field(schema, fields.get(0)).with("constraints").put("unique", true);
                    } else {
                        schema.withArray("uniqueKeys").add(array(fields));
                    }
                }
                default -> {
                    // Only references inside the same schema can become foreignKeys between DataTables.
                    if (namespace.equals(k.getString(4)) && schemas.containsKey(k.getString(3))) {
                        ObjectNode fk = schema.withArray("foreignKeys").addObject();
                        fk.set("fields", array(fields));
                        fk.putObject("reference").put("resource", k.getString(3))
                                .set("fields", array(strings(k.getArrayOfStrings(5))));
                    }
                }
            }
        }
        readViewsAsTreeQlDoes(schemas, views);
        List<ExistingTable> found = new ArrayList<>();
        schemas.forEach((name, schema) -> found.add(new ExistingTable(name, views.get(name), schema)));
        return found;
    }

    /**
     * A view has no constraints in the catalog, so it is read as PHP-CRUD-API reads it: its {@code id} column is its
     * key, and a column named {@code <table>_id} (ending so; the longest such table name wins) references that
     * table's one-field key. Views stay read-only: the key serves reads by id and joins.
     */
    private static void readViewsAsTreeQlDoes(Map<String, ObjectNode> schemas, Map<String, Boolean> views) {
        views.forEach((name, view) -> {
            ObjectNode schema = schemas.get(name);
            if (view && !schema.has("primaryKey") && hasField(schema, "id")) {
                schema.set("primaryKey", array(List.of("id")));
            }
        });
        views.forEach((name, view) -> {
            if (!view) {
                return;
            }
            ObjectNode schema = schemas.get(name);
            for (var f : schema.get("fields")) {
                String column = f.path("name").asText();
                if (!column.endsWith("_id")) {
                    continue;
                }
                String target = null;
                for (String table : schemas.keySet()) {
                    if (column.endsWith(table + "_id") && (target == null || table.length() > target.length())) {
                        target = table;
                    }
                }
                JsonNode key = target == null || target.equals(name) ? null : schemas.get(target).get("primaryKey");
                if (key != null && key.size() == 1) {
                    ObjectNode fk = schema.withArray("foreignKeys").addObject();
                    fk.set("fields", array(List.of(column)));
                    fk.putObject("reference").put("resource", target).set("fields", key.deepCopy());
                }
            }
        });
    }

    private static boolean hasField(ObjectNode schema, String name) {
        for (var f : schema.get("fields")) {
            if (f.path("name").asText().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** A column as a Frictionless field; required only when NOT NULL and not filled by the store. */
    private static ObjectNode field(Row c, boolean view) {
        ObjectNode field = JSON.objectNode();
        field.put("name", c.getString(1));
        String typname = c.getString(3);
        int typmod = c.getInteger(6);
        boolean array = "A".equals(c.getString(7));
        field.put("type", array ? "array" : type(typname));
        String format = array ? null : format(typname);
        if (format != null) {
            field.put("format", format);
        }
        field.put("datably:sqlType", c.getString(2));
        boolean generated = c.getBoolean(5);
        if (generated) {
            field.put("datably:generated", true);
        }
        if (c.getBoolean(4) && !generated && !view) {
            field.putObject("constraints").put("required", true);
        }
        if ((typname.equals("varchar") || typname.equals("bpchar")) && typmod > 4) {
            field.with("constraints").put("maxLength", typmod - 4);
        }
        return field;
    }

    private static String type(String typname) {
        return switch (typname) {
            case "int2", "int4", "int8" -> "integer";
            case "numeric", "float4", "float8", "money" -> "number";
            case "bool" -> "boolean";
            case "date" -> "date";
            case "time", "timetz" -> "time";
            case "timestamp", "timestamptz" -> "datetime";
            case "interval" -> "duration";
            case "json", "jsonb" -> "any";
            default -> "string"; // text, varchar, uuid, bytea, inet, geometry, ... read as their text form
        };
    }

    private static String format(String typname) {
        return switch (typname) {
            case "uuid" -> "uuid";
            case "bytea" -> "binary";
            default -> null;
        };
    }

    private static ObjectNode field(ObjectNode schema, String name) {
        for (var f : schema.get("fields")) {
            if (f.path("name").asText().equals(name)) {
                return (ObjectNode) f;
            }
        }
        throw new IllegalStateException("Constraint names unknown column " + name);
    }

    private static List<String> strings(String[] values) {
        return values == null ? List.of() : List.of(values);
    }

    private static ArrayNode array(List<String> values) {
        ArrayNode array = JSON.arrayNode();
        values.forEach(array::add);
        return array;
    }
}
