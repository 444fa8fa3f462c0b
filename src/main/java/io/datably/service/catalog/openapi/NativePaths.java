package io.datably.service.catalog.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.Capabilities;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The native records API of one table as OpenAPI path items, its name written into the paths (no {@code {table}}
 * parameter), so each table has its own typed operations: {@code list<Base>}, {@code create<Base>},
 * {@code get<Base>}, {@code replace<Base>} (PUT), {@code update<Base>} (PATCH), {@code delete<Base>},
 * {@code aggregate<Base>}. Only what the typed answer describes is declared: a create takes one record and answers
 * it (an array body, or {@code on_conflict=}, answer other shapes and are left to untyped calls).
 */
final class NativePaths {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String PROBLEM = "#/components/schemas/Problem";

    /** One table of the document. */
    record Table(String datasource, String name, TableSchema schema, String base, List<String> relations,
                 Capabilities capabilities) {
    }

    private NativePaths() {
    }

    /** The table's path items, by path. */
    static Map<String, ObjectNode> of(String app, Table t) {
        String records = "/api/apps/" + app + "/datasources/" + t.datasource() + "/datatables/" + t.name()
                + "/records/";
        Map<String, ObjectNode> paths = new TreeMap<>();
        boolean writable = !t.schema().readOnly();
        String record = "#/components/schemas/" + t.base();

        ObjectNode list = JSON.objectNode();
        ObjectNode get = operation(t, "list", "List " + t.name() + " records: filters, ordering, paging");
        TreeMap<String, ObjectNode> params = ListParameters.controls(t.schema(),
                ListParameters.searchable(t.schema(), t.capabilities().fullTextSearch()), t.relations());
        ListParameters.filters(t.schema(), t.capabilities().operators(), ListParameters.LIST_OWN)
                .forEach(params::putIfAbsent);
        parameters(get, new ArrayList<>(params.values()));
        ok(get, "200", "A page of records", "#/components/schemas/" + t.base() + "Page");
        problems(get, "400", "A filter, ordering or paging parameter the table refuses (named in errors)");
        list.set("get", get);
        if (writable) {
            ObjectNode create = operation(t, "create", "Create a " + t.name() + " record");
            body(create, record);
            ok(create, "201", "The record as stored, with generated fields", record);
            problems(create, "400", "A record the schema refuses (DS103, field named in errors)");
            problems(create, "409", "A duplicate of a unique field (DS110) or a broken reference (DS111)");
            list.set("post", create);
        }
        paths.put(records, list);

        if (!t.schema().primaryKey().isEmpty()) {
            ObjectNode one = JSON.objectNode();
            one.putArray("parameters").add(key(t.schema()));
            ObjectNode read = operation(t, "get", "Read a " + t.name() + " record by its key");
            List<ObjectNode> readParams = new ArrayList<>();
            if (!t.relations().isEmpty()) {
                readParams.add(ListParameters.expandParameter(t.relations()));
            }
            readParams.add(ListParameters.fieldsParameter(t.schema()));
            if (t.schema().softDelete()) {
                readParams.add(ListParameters.deletedParameter());
            }
            parameters(read, readParams);
            ok(read, "200", "The record", record);
            problems(read, "404", "No such record (DS104)");
            one.set("get", read);
            if (writable) {
                ObjectNode replace = operation(t, "replace", "Replace a " + t.name() + " record (every field)");
                body(replace, record);
                ok(replace, "200", "The record as stored", record);
                problems(replace, "400", "A record the schema refuses (DS103)");
                problems(replace, "404", "No such record (DS104)");
                one.set("put", replace);
                ObjectNode update = operation(t, "update", "Change some fields of a " + t.name() + " record");
                body(update, record + "Patch");
                ok(update, "200", "The record as stored", record);
                problems(update, "400", "A value the schema refuses (DS103)");
                problems(update, "404", "No such record (DS104)");
                one.set("patch", update);
                ObjectNode delete = operation(t, "delete", t.schema().softDelete()
                        ? "Delete a " + t.name() + " record (marked deleted unless purge=true)"
                        : "Delete a " + t.name() + " record");
                if (t.schema().softDelete()) {
                    parameters(delete, List.of(ListParameters.parameter("purge",
                            JSON.objectNode().put("type", "boolean"), "Delete for good, not only mark deleted")));
                }
                delete.putObject("responses").putObject("204").put("description", "Deleted");
                // No content declared: a generated client would then accept only problem+json, which the records
                // API (it produces application/json) refuses with a 406 before deleting anything.
                responses(delete).putObject("404").put("description", "No such record (DS104; a problem+json body)");
                one.set("delete", delete);
            }
            paths.put(records + "{pk}/", one);
        }

        ObjectNode aggregate = operation(t, "aggregate", "Grouped aggregates of " + t.name()
                + " records, after the filters");
        TreeMap<String, ObjectNode> aggParams = new TreeMap<>();
        aggParams.put("group_by", ListParameters.parameter("group_by", JSON.objectNode().put("type", "string"),
                "Group keys, comma-separated: field or field:bucket (hour, day, week, month, quarter, year)"));
        aggParams.put("aggregates", ListParameters.parameter("aggregates", JSON.objectNode().put("type", "string"),
                "Aggregates, comma-separated: count(*), count(field), count_distinct(field), sum(field), "
                        + "avg(field), min(field), max(field)"));
        aggParams.put("having", ListParameters.parameter("having", JSON.objectNode().put("type", "string"),
                "A filter on the outputs, e.g. sum_price__gt=100"));
        aggParams.put("ordering", ListParameters.parameter("ordering", JSON.objectNode().put("type", "string"),
                "Output names, comma-separated; -name descending"));
        aggParams.put("limit", ListParameters.parameter("limit", JSON.objectNode().put("type", "integer")
                .put("format", "int32").put("minimum", 1).put("maximum", 1000), "At most this many groups"));
        ListParameters.filters(t.schema(), t.capabilities().operators(), ListParameters.AGGREGATE_OWN)
                .forEach(aggParams::putIfAbsent);
        parameters(aggregate, new ArrayList<>(aggParams.values()));
        ok(aggregate, "200", "One row per group", record + "Aggregates");
        problems(aggregate, "400", "An aggregate, group key or filter the table refuses");
        ObjectNode aggregateItem = JSON.objectNode();
        aggregateItem.set("get", aggregate);
        paths.put(records + "aggregate/", aggregateItem);
        return paths;
    }

    /**
     * The key as the path carries it: typed as the field when the key is one integer or string field; a composite
     * key is its values joined by commas, a string.
     */
    private static ObjectNode key(TableSchema schema) {
        List<String> pk = schema.primaryKey();
        ObjectNode type = JSON.objectNode().put("type", "string");
        String description = "The primary key: " + String.join(", ", pk) + (pk.size() > 1 ? " (values joined by ',')"
                : "");
        if (pk.size() == 1) {
            Field f = schema.field(pk.get(0)).orElse(null);
            if (f != null && f.type() == FieldType.INTEGER) {
                type = JSON.objectNode().put("type", "integer").put("format", "int64");
            } else if (f != null && f.type() == FieldType.STRING && "uuid".equals(f.format())) {
                type.put("format", "uuid");
            }
        }
        ObjectNode p = JSON.objectNode().put("name", "pk").put("in", "path").put("required", true)
                .put("description", description);
        p.set("schema", type);
        return p;
    }

    private static ObjectNode operation(Table t, String verb, String summary) {
        ObjectNode op = JSON.objectNode().put("operationId", verb + t.base()).put("summary", summary);
        op.putArray("tags").add(t.base());
        return op;
    }

    /**
     * Sorted by name (a stable document), without two that would generate the same variable, and few enough for a
     * generated Java method.
     */
    private static void parameters(ObjectNode op, List<ObjectNode> parameters) {
        List<ObjectNode> sorted = new ArrayList<>(parameters);
        sorted.sort(java.util.Comparator.comparing(p -> p.get("name").asText()));
        List<ObjectNode> distinct = ListParameters.fit(ListParameters.distinct(sorted));
        if (!distinct.isEmpty()) {
            ArrayNode array = op.putArray("parameters");
            distinct.forEach(array::add);
        }
    }

    private static void body(ObjectNode op, String ref) {
        op.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
                .putObject("schema").put("$ref", ref);
    }

    private static void ok(ObjectNode op, String status, String description, String ref) {
        responses(op).putObject(status).put("description", description).putObject("content")
                .putObject("application/json").putObject("schema").put("$ref", ref);
    }

    private static void problems(ObjectNode op, String status, String description) {
        responses(op).putObject(status).put("description", description).putObject("content")
                .putObject("application/problem+json").putObject("schema").put("$ref", PROBLEM);
    }

    private static ObjectNode responses(ObjectNode op) {
        return op.has("responses") ? (ObjectNode) op.get("responses") : op.putObject("responses");
    }

    /** RFC 9457 problem details, as every error of the service is written. */
    static ObjectNode problemSchema() {
        ObjectNode schema = JSON.objectNode().put("type", "object").put("title", "Problem");
        schema.putArray("required").add("type").add("title").add("status").add("code").add("detail");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("type").put("type", "string");
        properties.putObject("title").put("type", "string");
        properties.putObject("status").put("type", "integer").put("format", "int32");
        properties.putObject("code").put("type", "string");
        properties.putObject("detail").put("type", "string");
        ObjectNode item = properties.putObject("errors").put("type", "array").putObject("items").put("type", "object");
        ObjectNode itemProperties = item.putObject("properties");
        itemProperties.putObject("field").put("type", "string").put("nullable", true);
        itemProperties.putObject("code").put("type", "string").put("nullable", true);
        itemProperties.putObject("message").put("type", "string").put("nullable", true);
        properties.putObject("incident").put("type", "string");
        return schema;
    }
}
