package io.datably.service.treeql;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.TableSchema;
import io.datably.service.OpenApiFields;
import io.datably.service.SchemaCache;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The OpenAPI 3 description of a datasource's TreeQL API, as PHP-CRUD-API serves at {@code /openapi}: one path pair
 * per table ({@code /records/{table}}, {@code /records/{table}/{id}}) and per table a record schema ({@code <table>})
 * and a patch schema ({@code <table>.patch}, nothing required: what PUT and PATCH take), in the value encodings
 * TreeQL really sends ({@link TreeQlValues}): timestamps {@code YYYY-MM-DD HH:MM:SS} (UTC, a string with a pattern,
 * not RFC 3339's date-time), {@code numeric(p,s)} as padded decimal strings, binary as base64. Constraints (enum,
 * bounds, lengths, pattern, formats) are kept, list operations declare their parameters.
 */
@ApplicationScoped
public class TreeQlOpenApi {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /**
     * The patch schema's suffix: a dot, which no table name has, so {@code <table>.patch} is never another table's
     * schema.
     */
    static final String PATCH = ".patch";
    /** A timestamp as TreeQL prints it; a body may also give RFC 3339 (what the native API takes). */
    static final String DATETIME_PATTERN =
            "^\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?$";
    private final TableResolver resolver;
    private final SchemaCache schemas;

    public TreeQlOpenApi(TableResolver resolver, SchemaCache schemas) {
        this.resolver = resolver;
        this.schemas = schemas;
    }

    public Uni<ObjectNode> describe(String app, String ds) {
        return resolver.activeTables(app, ds).map(tables -> {
            ObjectNode doc = JSON.objectNode().put("openapi", "3.0.0");
            doc.putObject("info").put("title", app + "/" + ds + " (TreeQL)").put("version", "1.0.0");
            doc.putArray("servers").addObject().put("url", "/api/apps/" + app + "/datasources/" + ds);
            ObjectNode paths = doc.putObject("paths");
            ObjectNode components = doc.putObject("components").putObject("schemas");
            tables.stream().filter(t -> t.materialized).forEach(t -> {
                TableSchema schema = schemas.of(t);
                components.set(t.name, schema(schema));
                components.set(t.name + PATCH, patchSchema(schema));
                String ref = "#/components/schemas/" + t.name;
                String patchRef = ref + PATCH;
                ObjectNode list = paths.putObject("/records/" + t.name);
                ObjectNode read = operation("list" + t.name, "Records of " + t.name, listOf(ref));
                read.set("parameters", listParameters());
                list.set("get", read);
                if (!schema.readOnly()) {
                    ObjectNode create = operation("create" + t.name, "Create a record", JSON.objectNode());
                    create.set("requestBody", body(ref));
                    list.set("post", create);
                }
                if (schema.primaryKey().size() == 1) {
                    ObjectNode one = paths.putObject("/records/" + t.name + "/{id}");
                    one.putArray("parameters").addObject().put("name", "id").put("in", "path").put("required", true)
                            .putObject("schema").put("type", "string");
                    ObjectNode get = operation("read" + t.name, "Read a record", JSON.objectNode().put("$ref", ref));
                    ArrayNode readParameters = get.putArray("parameters");
                    readParameters.add(parameter("include", "Only these columns, comma-separated", false));
                    readParameters.add(parameter("exclude", "Not these columns, comma-separated", false));
                    readParameters.add(parameter("join", "Related tables to embed (table or table,table for a path)",
                            true));
                    one.set("get", get);
                    if (!schema.readOnly()) {
                        ObjectNode update = operation("update" + t.name, "Update a record (only the fields given); "
                                + "answers rows matched", JSON.objectNode().put("type", "integer"));
                        update.set("requestBody", body(patchRef));
                        one.set("put", update);
                        one.set("delete", operation("delete" + t.name, "Delete a record; answers rows deleted",
                                JSON.objectNode().put("type", "integer")));
                        ObjectNode increment = operation("increment" + t.name, "Add to numeric fields",
                                JSON.objectNode().put("type", "integer"));
                        increment.set("requestBody", body(patchRef));
                        one.set("patch", increment);
                    }
                }
            });
            return doc;
        });
    }

    /**
     * The list's parameters as TreeQL reads them (TreeQlParser): {@code filter} repeatable
     * ({@code field,match,value}; filter1..filterN group with OR), {@code include}/{@code exclude} column lists,
     * {@code order} repeatable ({@code field[,desc]}), {@code size}, {@code page} ({@code N} or {@code N,SIZE}),
     * {@code join} repeatable.
     */
    private static ArrayNode listParameters() {
        ArrayNode parameters = JSON.arrayNode();
        parameters.add(parameter("filter", "Filters, each field,match,value (match: cs, sw, ew, eq, lt, le, ge, gt, "
                + "bt, in, is; n-prefixed negates); several are ANDed", true));
        parameters.add(parameter("include", "Only these columns, comma-separated", false));
        parameters.add(parameter("exclude", "Not these columns, comma-separated", false));
        parameters.add(parameter("order", "Sort keys, each field or field,desc", true));
        ObjectNode size = parameter("size", "At most this many records", false);
        size.putObject("schema").put("type", "integer").put("format", "int32").put("minimum", 0);
        parameters.add(size);
        parameters.add(parameter("page", "Page number, or number,size; the answer then carries results", false));
        parameters.add(parameter("join", "Related tables to embed (table or table,table for a path)", true));
        return parameters;
    }

    /** A string query parameter; {@code repeated}: an array given once per value ({@code filter=...&filter=...}). */
    private static ObjectNode parameter(String name, String description, boolean repeated) {
        ObjectNode p = JSON.objectNode().put("name", name).put("in", "query").put("required", false)
                .put("description", description);
        if (repeated) {
            p.put("style", "form").put("explode", true);
            p.putObject("schema").put("type", "array").putObject("items").put("type", "string");
        } else {
            p.putObject("schema").put("type", "string");
        }
        return p;
    }

    private static ObjectNode listOf(String ref) {
        ObjectNode list = JSON.objectNode().put("type", "object");
        ObjectNode properties = list.putObject("properties");
        properties.putObject("records").put("type", "array").putObject("items").put("$ref", ref);
        properties.putObject("results").put("type", "integer");
        return list;
    }

    private static ObjectNode operation(String id, String summary, ObjectNode result) {
        ObjectNode op = JSON.objectNode().put("operationId", id).put("summary", summary);
        op.putObject("responses").putObject("200").put("description", "OK").putObject("content")
                .putObject("application/json").set("schema", result);
        return op;
    }

    private static ObjectNode body(String ref) {
        ObjectNode body = JSON.objectNode().put("required", true);
        body.putObject("content").putObject("application/json").putObject("schema").put("$ref", ref);
        return body;
    }

    private static ObjectNode schema(TableSchema table) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (Field f : table.fields()) {
            properties.set(f.name(), property(f));
            if (table.isRequired(f) && !f.generated()) {
                required.add(f.name());
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    /** What PUT and PATCH take: any of the fields, none required (a field the record requires is not nullable). */
    private static ObjectNode patchSchema(TableSchema table) {
        ObjectNode schema = JSON.objectNode().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        for (Field f : table.fields()) {
            ObjectNode p = property(f);
            if (!table.isRequired(f)) {
                p.put("nullable", true);
            }
            properties.set(f.name(), p);
        }
        return schema;
    }

    private static ObjectNode property(Field f) {
        ObjectNode p = JSON.objectNode();
        String sql = f.sqlType() == null ? "" : f.sqlType();
        switch (f.type()) {
            case INTEGER, YEAR -> p.put("type", "integer").put("format", "int64");
            case NUMBER -> {
                if (sql.startsWith("numeric(")) {
                    p.put("type", "string").put("format", "decimal");
                } else {
                    p.put("type", "number");
                }
            }
            case BOOLEAN -> p.put("type", "boolean");
            case DATE -> p.put("type", "string").put("format", "date");
            case DATETIME -> p.put("type", "string").put("pattern", DATETIME_PATTERN).put("description",
                    "A UTC timestamp YYYY-MM-DD HH:MM:SS (RFC 3339 also accepted in bodies)");
            case TIME -> p.put("type", "string").put("format", "time");
            case OBJECT, GEOJSON, GEOPOINT -> p.put("type", "object");
            case ARRAY -> p.put("type", "array").putObject("items");
            case LIST -> p.put("type", "array").set("items", listItem(f));
            case ANY -> p.put("description", "any JSON value");
            default -> {
                p.put("type", "string");
                if ("binary".equals(f.format())) {
                    p.put("format", "byte");
                } else if ("uuid".equals(f.format()) || "email".equals(f.format()) || "uri".equals(f.format())) {
                    p.put("format", f.format());
                }
            }
        }
        boolean decimalText = "decimal".equals(p.path("format").asText());
        OpenApiFields.annotate(p, f);
        if (decimalText || f.type() == FieldType.DATETIME) {
            // Printed differently from the canonical form the constraints are written in: a bound on a string, or an
            // enum of RFC 3339 timestamps, would describe values TreeQL never sends.
            p.remove(java.util.List.of("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"));
        }
        return p;
    }

    /** The items of a {@code list} field, as its {@code itemType} says (strings by default). */
    private static ObjectNode listItem(Field f) {
        String itemType = f.descriptor() == null ? "string" : f.descriptor().path("itemType").asText("string");
        return switch (itemType) {
            case "integer" -> JSON.objectNode().put("type", "integer").put("format", "int64");
            case "number" -> JSON.objectNode().put("type", "number");
            case "boolean" -> JSON.objectNode().put("type", "boolean");
            case "date" -> JSON.objectNode().put("type", "string").put("format", "date");
            default -> JSON.objectNode().put("type", "string");
        };
    }
}
