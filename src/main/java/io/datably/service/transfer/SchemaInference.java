package io.datably.service.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.RecordCaster;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.schema.validate.SchemaParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Proposes a Table Schema from the text cells of a sample, row by row, holding no row: each column starts with every
 * candidate type and loses those a non-empty value does not cast to; the narrowest one left wins. Candidates are
 * judged by the project's own casting (a one-field schema through {@link SchemaDescriptorParser} and
 * {@link RecordCaster}) and by the store's limits ({@code storeProblems}, the provider's record checks), so an import
 * of the same sample into the proposed table accepts every row.
 */
final class SchemaInference {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * Narrowest first: the first candidate still standing is proposed. "1"/"0" are integers before booleans. Text
     * always fits string; array, object and any are for JSON samples (native arrays, objects, mixed kinds).
     */
    private static final List<String[]> CANDIDATES = List.of(
            new String[] {"integer", null}, new String[] {"number", null}, new String[] {"boolean", null},
            new String[] {"date", null}, new String[] {"datetime", null}, new String[] {"time", null},
            new String[] {"string", "uuid"}, new String[] {"string", "email"}, new String[] {"string", "uri"},
            new String[] {"string", null}, new String[] {"array", null}, new String[] {"object", null},
            new String[] {"any", null});
    /** A key candidate's distinct values are held to check uniqueness: past these bounds it stops being one. */
    private static final int KEY_VALUE_CHARS = 256;
    private static final long KEY_COLUMN_CHARS = 4L << 20;

    private final List<Column> columns = new ArrayList<>();
    private final BiFunction<TableSchema, ObjectNode, List<ProblemItem>> storeProblems;
    private final String nullSequence;
    private long rows;

    /**
     * @param header        the column names; each must be a usable, distinct field name (else a 400 naming it)
     * @param nullSequence  a cell meaning null (the CSV dialect's), or null
     * @param storeProblems the store's objections to a cast record (none: {@code (s, r) -> List.of()})
     */
    SchemaInference(List<String> header, String nullSequence,
                    BiFunction<TableSchema, ObjectNode, List<ProblemItem>> storeProblems) {
        this.storeProblems = storeProblems;
        this.nullSequence = nullSequence;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (name == null || name.isBlank()) {
                throw headerProblem(name == null ? "" : name, i, "is empty: every column needs a name");
            }
            if (!seen.add(name)) {
                throw headerProblem(name, i, "repeats an earlier column's name");
            }
            columns.add(new Column(name, i));
        }
    }

    /** Takes one row of cells (as many as the header has, else a 400 naming the row). */
    void accept(List<String> cells) {
        rows++;
        if (cells.size() != columns.size()) {
            String message = "row " + rows + " has " + cells.size() + " cells; the header has " + columns.size();
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "The sample cannot be read on: " + message,
                    List.of(new ProblemItem("body", cells.size() > columns.size() ? "extra_cell" : "missing_cell",
                            message)));
        }
        for (Column column : columns) {
            column.accept(cells.get(column.index) == null ? null : NODES.textNode(cells.get(column.index)));
        }
    }

    /**
     * Takes one record of a JSON sample: its members are the columns, in order of first appearance; a column first
     * seen in a later record was missing from the earlier ones.
     */
    void accept(JsonNode record) {
        rows++;
        if (record == null || !record.isObject()) {
            String message = "row " + rows + " is not a JSON object";
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "The sample cannot be read on: " + message,
                    List.of(new ProblemItem("body", "type", message)));
        }
        for (var member : record.properties()) {
            if (columns.stream().noneMatch(c -> c.name.equals(member.getKey()))) {
                if (member.getKey().isBlank()) {
                    throw headerProblem(member.getKey(), columns.size(), "is empty: every field needs a name");
                }
                Column column = new Column(member.getKey(), columns.size());
                if (rows > 1) {
                    column.accept(null);
                }
                columns.add(column);
            }
        }
        for (Column column : columns) {
            column.accept(record.get(column.name));
        }
    }

    long rows() {
        return rows;
    }

    /** The proposed descriptor: fields, and a primary key when a column qualifies. */
    ObjectNode proposal() {
        if (columns.isEmpty()) {
            String message = "the sample has no record to take field names from";
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "The sample cannot be read on: " + message,
                    List.of(new ProblemItem("body", "empty", message)));
        }
        ObjectNode schema = NODES.objectNode();
        ArrayNode fields = schema.putArray("fields");
        Column key = null;
        for (Column column : columns) {
            fields.add(column.descriptor());
            if (column.isKey() && (key == null || (!isIdName(key.name) && isIdName(column.name)))) {
                key = column;
            }
        }
        if (key != null) {
            schema.putArray("primaryKey").add(key.name);
        }
        SchemaParseResult parsed = SchemaDescriptorParser.parse(schema);
        if (!parsed.valid()) { // a header name the schema refuses: named, not renamed (the import matches by name)
            throw new DatablyException(ErrorCode.INVALID_FIELD, "The header names a field the schema refuses: "
                    + parsed.problems().get(0).path() + " " + parsed.problems().get(0).message(),
                    parsed.problems().stream().map(p -> new ProblemItem(headerPath(p.path()), p.code(),
                            p.message())).toList());
        }
        return schema;
    }

    /** {@code fields[2].name} → {@code header.<name of column 3>}: the culprit in the sample's own terms. */
    private String headerPath(String path) {
        if (path != null && path.startsWith("fields[")) {
            int end = path.indexOf(']');
            try {
                return "header." + columns.get(Integer.parseInt(path.substring(7, end))).name;
            } catch (RuntimeException e) {
                return path;
            }
        }
        return path;
    }

    private static boolean isIdName(String name) {
        return name.toLowerCase(Locale.ROOT).equals("id");
    }

    private static DatablyException headerProblem(String name, int index, String message) {
        String text = "column " + (index + 1) + " of the header ('" + DatablyException.abbreviate(name) + "') "
                + message;
        return new DatablyException(ErrorCode.INVALID_FIELD, "The header cannot name the fields: " + text,
                List.of(new ProblemItem("header." + name, name.isBlank() ? "empty" : "duplicate", text)));
    }

    /** One candidate type of a column: a one-field schema and its caster. */
    private record Candidate(String type, String format, TableSchema schema, RecordCaster caster) {
        static Candidate of(String name, String type, String format) {
            ObjectNode field = NODES.objectNode().put("name", name).put("type", type);
            if (format != null) {
                field.put("format", format);
            }
            ObjectNode descriptor = NODES.objectNode();
            descriptor.putArray("fields").add(field);
            TableSchema schema = SchemaDescriptorParser.parse(descriptor).schema();
            return schema == null ? null : new Candidate(type, format, schema, new RecordCaster(schema));
        }

        JsonNode cast(JsonNode value) {
            Field field = schema.fields().get(0);
            try {
                return caster.castValue(field, value);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    private final class Column {
        private final String name;
        private final int index;
        private final List<Candidate> alive = new ArrayList<>();
        private boolean empty;
        private Set<JsonNode> distinct = new HashSet<>();
        private long distinctChars;
        private long values;
        private final boolean refusedName;

        Column(String name, int index) {
            this.name = name;
            this.index = index;
            for (String[] c : CANDIDATES) {
                Candidate candidate = Candidate.of(name, c[0], c[1]);
                if (candidate != null) { // a name the parser refuses: reported by proposal()
                    alive.add(candidate);
                }
            }
            refusedName = alive.isEmpty();
        }

        void accept(JsonNode cell) {
            if (cell == null || cell.isNull() || (cell.isTextual() && (cell.textValue().isEmpty()
                    || cell.textValue().equals(nullSequence)))) {
                empty = true;
                distinct = null;
                return;
            }
            if (refusedName) {
                return; // proposal() names it
            }
            values++;
            alive.removeIf(c -> !fits(c, cell));
            if (alive.isEmpty()) {
                String message = "column '" + name + "', row " + rows + ": the value is not storable even as "
                        + "text";
                throw new DatablyException(ErrorCode.INVALID_FIELD, "The sample holds a value no field type takes: "
                        + message, List.of(new ProblemItem("header." + name, "type", message)));
            }
            if (distinct != null) {
                int length = cell.isValueNode() ? cell.asText().length() : KEY_VALUE_CHARS + 1;
                distinctChars += length;
                if (length > KEY_VALUE_CHARS || distinctChars > KEY_COLUMN_CHARS || !distinct.add(cell)) {
                    distinct = null;
                }
            }
        }

        private boolean fits(Candidate candidate, JsonNode cell) {
            JsonNode cast = candidate.cast(cell);
            if (cast == null) {
                return false;
            }
            ObjectNode record = NODES.objectNode();
            record.set(name, cast);
            return storeProblems.apply(candidate.schema(), record).isEmpty();
        }

        Candidate chosen() {
            return alive.get(0);
        }

        /** Present and unique in every row, compared as the chosen type casts them ("01" and "1" are one integer). */
        boolean isKey() {
            if (empty || distinct == null || values == 0 || refusedName) {
                return false;
            }
            String type = chosen().type();
            if (!type.equals("integer") && !type.equals("string")) {
                return false;
            }
            Set<JsonNode> cast = new HashSet<>();
            for (JsonNode value : distinct) {
                cast.add(chosen().cast(value));
            }
            return cast.size() == distinct.size();
        }

        ObjectNode descriptor() {
            ObjectNode field = NODES.objectNode().put("name", name);
            if (values == 0 || refusedName) {
                return field.put("type", "string"); // nothing to judge by
            }
            Candidate chosen = chosen();
            field.put("type", chosen.type());
            if (chosen.format() != null) {
                field.put("format", chosen.format());
            }
            if (!empty) {
                field.putObject("constraints").put("required", true);
            }
            return field;
        }
    }
}
