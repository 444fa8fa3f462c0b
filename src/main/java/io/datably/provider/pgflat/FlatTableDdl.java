package io.datably.provider.pgflat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.sql.PgTypes;
import io.datably.provider.sql.Sql;
import io.datably.schema.model.Constraints;
import io.datably.schema.model.Field;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.TableSchema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

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
        String name = table.physical().name();
        List<String> parts = new ArrayList<>();
        for (Field field : schema.fields()) {
            String column = Sql.quote(field.name()) + " " + PgTypes.columnType(field);
            if (schema.isRequired(field)) {
                column += " NOT NULL";
            }
            parts.add(column);
        }
        if (!schema.primaryKey().isEmpty()) {
            parts.add("CONSTRAINT " + Sql.quote(name + "_pk") + " PRIMARY KEY (" + Sql.columns(schema.primaryKey()) + ")");
        }
        int unique = 0;
        for (Field field : schema.fields()) {
            if (field.constraints().unique() && !schema.primaryKey().equals(List.of(field.name()))) {
                parts.add("CONSTRAINT " + Sql.quote(name + "_uq" + unique++) + " UNIQUE (" + Sql.quote(field.name()) + ")");
            }
        }
        for (List<String> key : schema.uniqueKeys()) {
            parts.add("CONSTRAINT " + Sql.quote(name + "_uq" + unique++) + " UNIQUE (" + Sql.columns(key) + ")");
        }
        int check = 0;
        for (Field field : schema.fields()) {
            for (String condition : checks(field)) {
                parts.add("CONSTRAINT " + Sql.quote(name + "_ck" + check++) + " CHECK (" + condition + ")");
            }
        }
        int fkIndex = 0;
        for (ForeignKey fk : schema.foreignKeys()) {
            PhysicalTable target = fk.selfReference() || fk.resource().equals(table.tableName())
                    ? table.physical() : table.references().get(fk.resource());
            parts.add("CONSTRAINT " + Sql.quote(name + "_fk" + fkIndex++) + " FOREIGN KEY (" + Sql.columns(fk.fields())
                    + ") REFERENCES " + Sql.table(target) + " (" + Sql.columns(fk.referenceFields()) + ")");
        }
        return "CREATE TABLE " + Sql.table(table.physical()) + " (\n  " + String.join(",\n  ", parts) + "\n)";
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
        if (type.equals("text") && field.type().name().equals("STRING")) {
            if (c.minLength() != null) {
                checks.add("char_length(" + column + ") >= " + c.minLength());
            }
            if (c.maxLength() != null) {
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
