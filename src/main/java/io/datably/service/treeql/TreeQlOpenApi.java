package io.datably.service.treeql;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.service.SchemaCache;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The OpenAPI 3 description of a datasource's TreeQL API, as PHP-CRUD-API serves at {@code /openapi}: one path pair
 * per table ({@code /records/{table}}, {@code /records/{table}/{id}}) and one component schema per table, in TreeQL's
 * value encodings (padded decimals are strings).
 */
@ApplicationScoped
public class TreeQlOpenApi {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
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
                String ref = "#/components/schemas/" + t.name;
                ObjectNode list = paths.putObject("/records/" + t.name);
                list.set("get", operation("list" + t.name, "Records of " + t.name, listOf(ref)));
                if (!schema.readOnly()) {
                    ObjectNode create = operation("create" + t.name, "Create a record", JSON.objectNode());
                    create.set("requestBody", body(ref));
                    list.set("post", create);
                }
                if (schema.primaryKey().size() == 1) {
                    ObjectNode one = paths.putObject("/records/" + t.name + "/{id}");
                    one.putArray("parameters").addObject().put("name", "id").put("in", "path").put("required", true)
                            .putObject("schema").put("type", "string");
                    one.set("get", operation("read" + t.name, "Read a record", JSON.objectNode().put("$ref", ref)));
                    if (!schema.readOnly()) {
                        ObjectNode update = operation("update" + t.name, "Update a record; answers rows matched",
                                JSON.objectNode().put("type", "integer"));
                        update.set("requestBody", body(ref));
                        one.set("put", update);
                        one.set("delete", operation("delete" + t.name, "Delete a record; answers rows deleted",
                                JSON.objectNode().put("type", "integer")));
                        ObjectNode increment = operation("increment" + t.name, "Add to numeric fields",
                                JSON.objectNode().put("type", "integer"));
                        increment.set("requestBody", body(ref));
                        one.set("patch", increment);
                    }
                }
            });
            return doc;
        });
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
            case DATETIME -> p.put("type", "string").put("format", "date-time");
            case TIME -> p.put("type", "string").put("format", "time");
            case OBJECT, GEOJSON, GEOPOINT -> p.put("type", "object");
            case ARRAY, LIST -> p.put("type", "array").putObject("items");
            case ANY -> p.put("description", "any JSON value");
            default -> {
                p.put("type", "string");
                if ("binary".equals(f.format())) {
                    p.put("format", "byte");
                } else if ("uuid".equals(f.format())) {
                    p.put("format", "uuid");
                }
            }
        }
        if (f.constraints().maxLength() != null) {
            p.put("maxLength", f.constraints().maxLength());
        }
        return p;
    }
}
