package io.datably.service.treeql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import java.math.BigDecimal;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Values as TreeQL prints and reads them (TREEQL.md "Values as TreeQL prints them"), from and to the canonical
 * records of the native API: {@code numeric(p,s)} as strings padded to the scale, timestamps as
 * {@code YYYY-MM-DD HH:MM:SS} (UTC). Other values are the same in both.
 */
final class TreeQlValues {
    private static final Pattern SCALE = Pattern.compile("numeric\\(\\d+,(\\d+)\\)");
    private static final Pattern PRINTED_DATETIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?");

    private TreeQlValues() {
    }

    /** A canonical record as TreeQL prints it (changed in place). */
    static ObjectNode encode(TableSchema schema, ObjectNode record) {
        for (Field field : schema.fields()) {
            JsonNode value = record.get(field.name());
            if (value == null || value.isNull()) {
                continue;
            }
            Integer scale = scale(field);
            if (scale != null && value.isNumber()) {
                record.set(field.name(), TextNode.valueOf(value.decimalValue().setScale(scale,
                        java.math.RoundingMode.HALF_EVEN).toPlainString()));
            } else if (field.type() == io.datably.schema.model.FieldType.DATETIME && value.isTextual()) {
                String text = value.textValue();
                record.set(field.name(), TextNode.valueOf(text.replace('T', ' ').replaceAll("(\\.\\d+)?Z$", "")));
            }
        }
        return record;
    }

    /**
     * A TreeQL body's values as the native API takes them: padded decimal strings become numbers, and timestamps as
     * TreeQL prints them ({@code 2016-01-01 13:01:01}, UTC) the canonical {@code 2016-01-01T13:01:01Z}, so a record
     * read and written back is accepted.
     */
    static ObjectNode decode(TableSchema schema, ObjectNode record) {
        for (Field field : schema.fields()) {
            JsonNode value = record.get(field.name());
            if (value != null && value.isTextual() && field.type() == io.datably.schema.model.FieldType.DATETIME
                    && PRINTED_DATETIME.matcher(value.textValue()).matches()) {
                record.set(field.name(), TextNode.valueOf(value.textValue().replace(' ', 'T') + "Z"));
                continue;
            }
            if (value != null && value.isTextual() && scale(field) != null) {
                try {
                    record.set(field.name(), com.fasterxml.jackson.databind.node.DecimalNode.valueOf(
                            new BigDecimal(value.textValue().strip())));
                } catch (NumberFormatException e) {
                    // left as written: the schema's caster reports it as a type error naming the field
                }
            }
        }
        return record;
    }

    private static Integer scale(Field field) {
        String sql = field.sqlType();
        if (sql == null) {
            return null;
        }
        Matcher m = SCALE.matcher(sql);
        return m.matches() ? Integer.valueOf(m.group(1)) : null;
    }
}
