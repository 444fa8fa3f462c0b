package io.datably.provider.pgflat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.sql.ColumnAccess;
import io.datably.provider.sql.PgTypes;
import io.datably.provider.sql.Sql;
import io.datably.schema.model.Constraints;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.SearchConfig;
import io.datably.provider.sql.SqlQueryCompiler;
import io.datably.schema.model.TableSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CREATE TABLE of a flat table: a column per field, primary key, NOT NULL, UNIQUE, CHECKs mirroring the
 * schema's constraints, foreign keys. Every identifier is quoted by {@link Sql#quote}; constraint values were cast
 * by the schema validator before they are written as literals.
 * Patterns are not mirrored: XML Schema and PostgreSQL regex dialects differ; the service enforces them.
 */
final class FlatTableDdl {
    private FlatTableDdl() {
    }

    static String createTable(TableDescriptor table) {
        TableSchema schema = table.schema();
        List<String> parts = new ArrayList<>();
        for (Field field : schema.fields()) {
            String column = Sql.quote(field.name()) + " " + PgTypes.storageType(field);
            if (schema.isRequired(field)) {
                column += " NOT NULL";
            }
            parts.add(column);
        }
        constraints(table).forEach((name, definition) -> parts.add("CONSTRAINT " + Sql.quote(name) + " " + definition));
        return "CREATE TABLE " + Sql.table(table.physical()) + " (\n  " + String.join(",\n  ", parts) + "\n)";
    }

    /**
     * The table's constraints by name: primary key {@code _pk}, unique {@code _uq<n>}, checks {@code _ck<n>},
     * foreign keys {@code _fk<n>}, numbered in schema order. A migration compares these maps before and after and
     * drops and adds the constraints whose definition changed.
     */
    static Map<String, String> constraints(TableDescriptor table) {
        TableSchema schema = table.schema();
        String name = table.physical().name();
        Map<String, String> constraints = new LinkedHashMap<>();
        if (!schema.primaryKey().isEmpty()) {
            constraints.put(name + "_pk", "PRIMARY KEY (" + Sql.columns(schema.primaryKey()) + ")");
        }
        int unique = 0;
        for (Field field : schema.fields()) {
            if (field.constraints().unique() && !schema.primaryKey().equals(List.of(field.name()))) {
                constraints.put(name + "_uq" + unique++, "UNIQUE (" + Sql.quote(field.name()) + ")");
            }
        }
        for (List<String> key : schema.uniqueKeys()) {
            constraints.put(name + "_uq" + unique++, "UNIQUE (" + Sql.columns(key) + ")");
        }
        int check = 0;
        for (Field field : schema.fields()) {
            for (String condition : checks(field)) {
                constraints.put(name + "_ck" + check++, "CHECK (" + condition + ")");
            }
        }
        int fkIndex = 0;
        for (ForeignKey fk : schema.foreignKeys()) {
            PhysicalTable target = fk.selfReference() || fk.resource().equals(table.tableName())
                    ? table.physical() : table.references().get(fk.resource());
            constraints.put(name + "_fk" + fkIndex++, "FOREIGN KEY (" + Sql.columns(fk.fields()) + ") REFERENCES "
                    + Sql.table(target) + " (" + Sql.columns(fk.referenceFields()) + ")");
        }
        return constraints;
    }

    /**
     * The indexes the service adds beyond constraints, by name: the full-text index {@code _fts} and one per
     * foreign key {@code _fk<n>x} (PostgreSQL indexes only the referenced side; relation filters and expansions join
     * on the referencing one), as CREATE INDEX statements.
     */
    static Map<String, String> indexes(TableDescriptor table, ColumnAccess access) {
        String name = table.physical().name();
        Map<String, String> indexes = new LinkedHashMap<>();
        SearchConfig search = SearchConfig.of(table.schema());
        if (!search.fields().isEmpty()) {
            indexes.put(name + "_fts", "CREATE INDEX " + Sql.quote(name + "_fts") + " ON " + Sql.table(table.physical())
                    + " USING gin (" + SqlQueryCompiler.searchVector(search.fields(), search.language(),
                    f -> access.column(null, f)) + ")");
        }
        List<ForeignKey> fks = table.schema().foreignKeys();
        for (int i = 0; i < fks.size(); i++) {
            if (!table.schema().isKey(fks.get(i).fields())) {
                indexes.put(name + "_fk" + i + "x", "CREATE INDEX " + Sql.quote(name + "_fk" + i + "x") + " ON "
                        + Sql.table(table.physical()) + " (" + Sql.columns(fks.get(i).fields()) + ")");
            }
        }
        return indexes;
    }

    private static List<String> checks(Field field) {
        Constraints c = field.constraints();
        String column = Sql.quote(field.name());
        String type = PgTypes.columnType(field);
        List<String> checks = new ArrayList<>();
        boolean ordered = switch (field.type()) {
            case INTEGER, NUMBER, YEAR, DATE, TIME, DATETIME -> true;
            default -> false;
        };
        if (ordered) {
            addRange(checks, column, type, ">=", c.minimum());
            addRange(checks, column, type, "<=", c.maximum());
            addRange(checks, column, type, ">", c.exclusiveMinimum());
            addRange(checks, column, type, "<", c.exclusiveMaximum());
        }
        String storage = PgTypes.storageType(field);
        if (field.type() == FieldType.STRING && (storage.equals("text") || storage.startsWith("character"))) {
            if (c.minLength() != null) {
                checks.add("char_length(" + column + ") >= " + c.minLength());
            }
            // A character column of a length no greater than maxLength holds it already (adopted varchar(255)).
            Integer length = declaredLength(storage);
            if (c.maxLength() != null && (length == null || length > c.maxLength())) {
                checks.add("char_length(" + column + ") <= " + c.maxLength());
            }
        }
        if (c.enumValues() != null && (ordered || field.type().name().equals("STRING"))) {
            List<String> values = c.enumValues().stream().map(v -> literal(v, type)).toList();
            if (!values.contains("NULL")) {
                checks.add(column + " IN (" + String.join(", ", values) + ")");
            }
        }
        return checks;
    }

    /** {@code character varying(255)} → 255; null for a type without a length. */
    private static Integer declaredLength(String storageType) {
        int open = storageType.indexOf('(');
        return open < 0 ? null : Integer.valueOf(storageType.substring(open + 1, storageType.length() - 1));
    }

    private static void addRange(List<String> checks, String column, String type, String op, JsonNode bound) {
        if (bound != null && !bound.isNull()) {
            String literal = literal(bound, type);
            if (!literal.equals("NULL")) {
                checks.add(column + " " + op + " " + literal);
            }
        }
    }

    /** A typed SQL literal of a canonical value; NULL for values with no literal form here (NaN, INF). */
    private static String literal(JsonNode value, String type) {
        if (value.isNumber()) {
            return new BigDecimal(value.asText()).toPlainString();
        }
        if (value.isTextual() && (type.equals("numeric") || type.equals("bigint") || type.equals("integer"))) {
            return "NULL";
        }
        return Sql.literal(value.asText()) + "::" + type;
    }
}
