package io.datably.service.catalog.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.query.model.Op;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.SearchConfig;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The query parameters of a table's list (and aggregate) operation: one optional parameter per field and operator
 * the table accepts ({@code price__gte}), typed as the field, and the list's own ({@code page}, {@code ordering}, ...).
 * Which operator applies to which type follows the query planner's binder ({@code ValueBinder}): comparisons and
 * ranges on ordered types, text matching on strings, date parts on dates, membership on collections, key tests on
 * objects; each kept only when the provider supports it. {@code eq} is the bare field name; {@code exact} (its
 * synonym), {@code like}/{@code ilike} and {@code regex}/{@code iregex} are left out to keep generated signatures
 * small, and remain accepted by the service. Sorted by name, so the document is stable.
 */
final class ListParameters {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<FieldType> ORDERED = EnumSet.of(FieldType.STRING, FieldType.INTEGER, FieldType.NUMBER,
            FieldType.BOOLEAN, FieldType.DATE, FieldType.TIME, FieldType.DATETIME, FieldType.YEAR,
            FieldType.YEARMONTH, FieldType.DURATION);
    private static final Set<FieldType> TEXT = EnumSet.of(FieldType.STRING, FieldType.YEARMONTH, FieldType.DURATION);
    private static final Set<FieldType> TEMPORAL = EnumSet.of(FieldType.DATE, FieldType.DATETIME);
    private static final Set<FieldType> COLLECTIONS = EnumSet.of(FieldType.ARRAY, FieldType.LIST);
    private static final Set<FieldType> OBJECTS = EnumSet.of(FieldType.OBJECT, FieldType.GEOJSON, FieldType.ANY);
    /** Names the list's parser reads as its own (or as groups): a field of that name is filtered as name__eq. */
    static final Set<String> LIST_OWN = Set.of("page", "page_size", "cursor", "count", "ordering", "fields",
            "expand", "search", "or", "and", "not", "deleted");
    /** The aggregate's own parameters, and the groups. */
    static final Set<String> AGGREGATE_OWN = Set.of("group_by", "aggregates", "having", "ordering", "limit", "or",
            "and", "not");
    private static final List<Op> TEXT_OPS = List.of(Op.IEXACT, Op.CONTAINS, Op.ICONTAINS, Op.STARTSWITH,
            Op.ISTARTSWITH, Op.ENDSWITH, Op.IENDSWITH);

    private ListParameters() {
    }

    /** The filters of every field, by parameter name; a field named as one of {@code own} is filtered as name__eq. */
    static TreeMap<String, ObjectNode> filters(TableSchema table, Set<Op> supported, Set<String> own) {
        TreeMap<String, ObjectNode> out = new TreeMap<>();
        for (Field f : table.fields()) {
            List<Op> ops = new ArrayList<>(List.of(Op.EQ, Op.NE, Op.IN, Op.NIN, Op.ISNULL));
            if (ORDERED.contains(f.type())) {
                ops.addAll(List.of(Op.GT, Op.GTE, Op.LT, Op.LTE, Op.RANGE));
            }
            if (TEXT.contains(f.type())) {
                ops.addAll(TEXT_OPS);
            }
            if (TEMPORAL.contains(f.type())) {
                ops.addAll(List.of(Op.YEAR, Op.MONTH, Op.DAY, Op.DATE));
            }
            if (COLLECTIONS.contains(f.type())) {
                // Equality on a whole array or object is not a query parameter a client writes; membership is.
                ops = new ArrayList<>(List.of(Op.ISNULL, Op.HAS, Op.HASANY, Op.HASALL));
            }
            if (OBJECTS.contains(f.type())) {
                ops = new ArrayList<>(List.of(Op.ISNULL, Op.HASKEY));
            }
            if (f.type() == FieldType.GEOPOINT) {
                ops = new ArrayList<>(List.of(Op.ISNULL));
            }
            for (Op op : ops) {
                if (supported.contains(op)) {
                    String name = op == Op.EQ && !own.contains(f.name()) ? f.name() : f.name() + "__" + op.token();
                    out.put(name, filter(name, f, op));
                }
            }
        }
        return out;
    }

    private static ObjectNode filter(String name, Field f, Op op) {
        ObjectNode schema = switch (op) {
            case ISNULL -> JSON.objectNode().put("type", "boolean");
            case IN, NIN, RANGE -> list(value(f), op == Op.RANGE ? 2 : 1, op == Op.RANGE ? 2 : null);
            case YEAR, MONTH, DAY -> JSON.objectNode().put("type", "integer").put("format", "int32");
            case DATE -> JSON.objectNode().put("type", "string").put("format", "date");
            case HAS -> item(f);
            case HASANY, HASALL -> list(item(f), 1, null);
            case HASKEY -> JSON.objectNode().put("type", "string");
            case IEXACT, CONTAINS, ICONTAINS, STARTSWITH, ISTARTSWITH, ENDSWITH, IENDSWITH ->
                    JSON.objectNode().put("type", "string");
            default -> value(f);
        };
        String what = switch (op) {
            case EQ -> "equals";
            case NE -> "differs from";
            case IN -> "is one of (comma-separated)";
            case NIN -> "is none of (comma-separated)";
            case RANGE -> "is between low,high (inclusive)";
            case ISNULL -> "is null (true) or not (false)";
            case GT -> "is greater than";
            case GTE -> "is at least";
            case LT -> "is less than";
            case LTE -> "is at most";
            case YEAR, MONTH, DAY -> "has this " + op.token() + " (UTC)";
            case DATE -> "falls on this day (UTC)";
            case HAS -> "contains this item";
            case HASANY -> "contains any of these items";
            case HASALL -> "contains all of these items";
            case HASKEY -> "has this key";
            default -> op.token() + " (text match)";
        };
        return parameter(name, schema, "Filter: " + f.name() + " " + what);
    }

    /** A filter's value as the field's type, without the record's constraints (a filter may name any value). */
    private static ObjectNode value(Field f) {
        ObjectNode p = RecordSchemas.type(f.type(), f);
        p.remove("description");
        p.remove("pattern");
        return p;
    }

    private static ObjectNode item(Field f) {
        ObjectNode list = RecordSchemas.type(f.type(), f);
        ObjectNode items = list.has("items") ? (ObjectNode) list.get("items") : JSON.objectNode();
        return items.isEmpty() ? JSON.objectNode().put("type", "string") : items.deepCopy();
    }

    /** Comma-separated on the wire ({@code price__in=1,2,3}): OpenAPI's form style without explode. */
    private static ObjectNode list(ObjectNode items, int min, Integer max) {
        ObjectNode schema = JSON.objectNode().put("type", "array").put("minItems", min);
        if (max != null) {
            schema.put("maxItems", max);
        }
        schema.set("items", items);
        return schema;
    }

    static ObjectNode parameter(String name, ObjectNode schema, String description) {
        ObjectNode p = JSON.objectNode().put("name", name).put("in", "query").put("required", false)
                .put("description", description);
        if ("array".equals(schema.path("type").asText())) {
            p.put("style", "form").put("explode", false);
        }
        p.set("schema", schema);
        return p;
    }

    /** The list's own parameters: paging, ordering, fields, search, expand, count, deleted. */
    static TreeMap<String, ObjectNode> controls(TableSchema table, boolean search, List<String> relations) {
        TreeMap<String, ObjectNode> out = new TreeMap<>();
        out.put("page", parameter("page", JSON.objectNode().put("type", "integer").put("format", "int64")
                .put("minimum", 1), "Page number, from 1"));
        out.put("page_size", parameter("page_size", JSON.objectNode().put("type", "integer").put("format", "int64")
                .put("minimum", 1), "Records per page"));
        out.put("cursor", parameter("cursor", JSON.objectNode().put("type", "string"),
                "Keyset paging: empty to start, then the next_cursor of the previous page"));
        ObjectNode count = JSON.objectNode().put("type", "string");
        count.putArray("enum").add("exact").add("planned").add("none");
        out.put("count", parameter("count", count, "How count is computed (exact by default)"));
        ArrayNode orderable = JSON.arrayNode();
        table.fields().stream().filter(f -> ORDERED.contains(f.type())).map(Field::name).sorted()
                .forEach(n -> orderable.add(n).add("-" + n));
        if (!orderable.isEmpty()) {
            ObjectNode item = JSON.objectNode().put("type", "string");
            item.set("enum", orderable);
            out.put("ordering", parameter("ordering", list(item, 1, null),
                    "Sort keys, comma-separated; -field descending"));
        }
        out.put("fields", fieldsParameter(table));
        if (search) {
            out.put("search", parameter("search", JSON.objectNode().put("type", "string"),
                    "Full-text search over the table's search fields"));
        }
        if (!relations.isEmpty()) {
            out.put("expand", expandParameter(relations));
        }
        if (table.softDelete()) {
            out.put("deleted", deletedParameter());
        }
        return out;
    }

    static ObjectNode fieldsParameter(TableSchema table) {
        ArrayNode names = JSON.arrayNode();
        table.fields().stream().map(Field::name).sorted().forEach(names::add);
        ObjectNode item = JSON.objectNode().put("type", "string");
        item.set("enum", names);
        return parameter("fields", list(item, 1, null), "Only these fields, comma-separated");
    }

    static ObjectNode expandParameter(List<String> relations) {
        ArrayNode names = JSON.arrayNode();
        relations.stream().sorted().forEach(names::add);
        ObjectNode item = JSON.objectNode().put("type", "string");
        item.set("enum", names);
        return parameter("expand", list(item, 1, null), "Related records to include, comma-separated");
    }

    static ObjectNode deletedParameter() {
        ObjectNode deleted = JSON.objectNode().put("type", "string");
        deleted.putArray("enum").add("include").add("only");
        return parameter("deleted", deleted, "Also (include) or only (only) soft-deleted records");
    }

    /** Whether the table has fields a search would look in (and the provider can search). */
    static boolean searchable(TableSchema table, boolean fullText) {
        return fullText && !SearchConfig.of(table).fields().isEmpty();
    }

    /**
     * At most this many parameters per operation: a Java method takes at most 255 parameter slots ({@code this}
     * and the generated {@code headers} overload's map included), and generators give each parameter one.
     */
    static final int MAX_PARAMETERS = 250;

    /** The operators left undeclared, a tier at a time (all fields alike), while an operation has too many. */
    private static final List<List<String>> SHED = List.of(
            List.of("iexact", "istartswith", "iendswith"),
            List.of("range", "nin", "ne"),
            List.of("startswith", "endswith", "contains"),
            List.of("year", "month", "day", "date"),
            List.of("hasall", "hasany", "haskey", "has"),
            List.of("gt", "lt"),
            List.of("in", "isnull"),
            List.of("gte", "lte", "icontains"));

    /**
     * The parameters of a wide table's operation cut to {@link #MAX_PARAMETERS}: the rarer operators' filters go
     * first, for every field at once, so what is declared stays predictable; the service still accepts them.
     */
    static List<ObjectNode> fit(List<ObjectNode> parameters) {
        List<ObjectNode> kept = new ArrayList<>(parameters);
        for (List<String> tier : SHED) {
            if (kept.size() <= MAX_PARAMETERS) {
                break;
            }
            kept.removeIf(p -> p.path("description").asText().startsWith("Filter: ")
                    && tier.stream().anyMatch(op -> p.get("name").asText().endsWith("__" + op)));
        }
        // Still too many (hundreds of fields): the last fields' equality filters, never the list's own parameters.
        for (int i = kept.size() - 1; i >= 0 && kept.size() > MAX_PARAMETERS; i--) {
            if (kept.get(i).path("description").asText().startsWith("Filter: ")) {
                kept.remove(i);
            }
        }
        return kept;
    }

    /**
     * Drops parameters whose generated variable name ({@code a__b} and {@code aB} are both {@code aB}) repeats an
     * earlier one, so a generated method never declares one twice.
     */
    static List<ObjectNode> distinct(List<ObjectNode> parameters) {
        Set<String> seen = new HashSet<>();
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode p : parameters) {
            if (seen.add(OpenApiNames.variable().apply(p.get("name").asText()))) {
                out.add(p);
            }
        }
        return out;
    }
}
