package io.datably.service.catalog.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.Relation;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.SoftDelete;
import io.datably.schema.model.TableSchema;
import io.datably.service.OpenApiFields;
import java.util.Map;

/**
 * A table's records as OpenAPI 3.0 schemas, in the encoding the native records API reads and writes (canonical
 * JSON): integers and numbers as JSON numbers, datetimes as {@code 2024-05-01T10:00:00.5Z} (UTC, RFC 3339, so
 * {@code date-time} is true), dates {@code YYYY-MM-DD}, times {@code HH:MM:SS}, binary as base64, geopoints as
 * {@code {"lon", "lat"}}. Constraints are kept, so a client validates what the service would refuse.
 */
final class RecordSchemas {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private RecordSchemas() {
    }

    /**
     * {@code <Table>}: what a read answers and a create or replace takes. Required: the fields the schema requires
     * (its own constraint or the primary key) that the store does not fill; a field the schema does not require is
     * nullable.
     * Generated fields and every field of a read-only table are {@code readOnly}. Soft-delete markers and the
     * table's relations are optional read-only properties: they appear only with {@code deleted=} or {@code expand=}.
     */
    static ObjectNode record(TableSchema table, String title, Map<String, Relation> relations,
                             Map<String, String> componentOf) {
        ObjectNode schema = JSON.objectNode().put("type", "object").put("title", title);
        OpenApiFields.description(schema, table.descriptor());
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = JSON.arrayNode();
        for (Field f : table.fields()) {
            // A generated key is left out of a create, yet never null once stored: not required, not nullable.
            boolean mandatory = table.isRequired(f) && !f.generated();
            properties.set(f.name(), property(f, !table.isRequired(f), f.generated() || table.readOnly()));
            if (mandatory) {
                required.add(f.name());
            }
        }
        if (table.softDelete()) {
            for (Field marker : SoftDelete.MARKER_FIELDS) {
                properties.set(marker.name(), property(marker, true, true).put("description",
                        "Soft delete marker, present when the list or read asks for deleted=include|only"));
            }
        }
        relations.values().stream().sorted(java.util.Comparator.comparing(Relation::name)).forEach(r -> {
            String component = componentOf.get(r.target());
            if (component == null) {
                return;
            }
            ObjectNode ref = JSON.objectNode().put("$ref", "#/components/schemas/" + component);
            ObjectNode p;
            if (r.toMany()) {
                p = JSON.objectNode().put("type", "array");
                p.set("items", ref);
            } else {
                // A $ref cannot carry siblings in 3.0: nullable and readOnly go on an allOf around it.
                p = JSON.objectNode();
                p.putArray("allOf").add(ref);
                p.put("nullable", true);
            }
            p.put("readOnly", true).put("description", "The related " + r.target() + (r.toMany() ? " records" : " record")
                    + ", present when asked with expand=" + r.name());
            properties.set(r.name(), p);
        });
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        return schema;
    }

    /**
     * {@code <Table>Patch}: what PATCH takes. Nothing is required (a patch names only what changes); a field the
     * record requires is not nullable (setting it to null is refused), the others are.
     */
    static ObjectNode patch(TableSchema table, String title) {
        ObjectNode schema = JSON.objectNode().put("type", "object").put("title", title)
                .put("description", "Some fields of a record: only those given change");
        ObjectNode properties = schema.putObject("properties");
        for (Field f : table.fields()) {
            properties.set(f.name(), property(f, !table.isRequired(f), f.generated() || table.readOnly()));
        }
        return schema;
    }

    /** {@code <Table>Page}: the list's envelope (DRF style), its results typed. */
    static ObjectNode page(String component, String title) {
        ObjectNode schema = JSON.objectNode().put("type", "object").put("title", title);
        schema.putArray("required").add("count").add("next").add("previous").add("results");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("count").put("type", "integer").put("format", "int64").put("nullable", true)
                .put("description", "Records matching the filters (null with count=none)");
        properties.putObject("next").put("type", "string").put("nullable", true)
                .put("description", "The request for the next page; null on the last");
        properties.putObject("previous").put("type", "string").put("nullable", true)
                .put("description", "The request for the previous page; null on the first and with a cursor");
        properties.putObject("next_cursor").put("type", "string").put("nullable", true)
                .put("description", "With cursor=: the cursor of the next page; null on the last");
        properties.putObject("results").put("type", "array").putObject("items")
                .put("$ref", "#/components/schemas/" + component);
        return schema;
    }

    /**
     * {@code <Table>Aggregates}: rows keyed by the requested group keys and aggregate outputs ({@code count},
     * {@code sum_price}, {@code created_at_month}), so the row is a map: its keys are chosen by the request.
     */
    static ObjectNode aggregates(String title) {
        ObjectNode schema = JSON.objectNode().put("type", "object").put("title", title);
        schema.putArray("required").add("results");
        ObjectNode row = schema.putObject("properties").putObject("results").put("type", "array")
                .putObject("items").put("type", "object");
        row.putObject("additionalProperties");
        row.put("description", "One group: its keys (<field> or <field>_<bucket>) and aggregates (count, "
                + "<function>_<field>)");
        return schema;
    }

    /** One field's schema; {@code nullable} when null may be sent or received. */
    static ObjectNode property(Field f, boolean nullable, boolean readOnly) {
        ObjectNode p = type(f.type(), f);
        OpenApiFields.annotate(p, f);
        if (nullable) {
            p.put("nullable", true);
        }
        if (readOnly) {
            p.put("readOnly", true);
        }
        return p;
    }

    /** The JSON form of a value of that type (for a list, of its items as {@code itemType} says). */
    static ObjectNode type(FieldType type, Field f) {
        ObjectNode p = JSON.objectNode();
        String format = f == null ? "default" : f.format();
        switch (type) {
            case INTEGER -> p.put("type", "integer").put("format", "int64");
            case YEAR -> p.put("type", "integer").put("format", "int32");
            case NUMBER -> p.put("type", "number").put("description",
                    "A number; NaN and infinities (when the field allows them) are the strings \"NaN\", \"INF\", \"-INF\"");
            case BOOLEAN -> p.put("type", "boolean");
            case DATE -> p.put("type", "string").put("format", "date");
            case DATETIME -> p.put("type", "string").put("format", "date-time");
            case TIME -> p.put("type", "string").put("format", "time").put("pattern",
                    "^\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$");
            case YEARMONTH -> p.put("type", "string").put("pattern", "^\\d{4}-\\d{2}$");
            case DURATION -> p.put("type", "string").put("description", "An ISO 8601 duration, e.g. P1DT2H");
            case GEOPOINT -> {
                p.put("type", "object");
                p.putArray("required").add("lon").add("lat");
                ObjectNode properties = p.putObject("properties");
                properties.putObject("lon").put("type", "number");
                properties.putObject("lat").put("type", "number");
            }
            case OBJECT, GEOJSON -> p.put("type", "object").putObject("additionalProperties");
            case ARRAY -> p.put("type", "array").putObject("items");
            case LIST -> {
                FieldType item = f == null || f.descriptor() == null ? FieldType.STRING
                        : FieldType.fromJsonName(f.descriptor().path("itemType").asText("string"))
                        .orElse(FieldType.STRING);
                p.put("type", "array").set("items", item == FieldType.LIST ? JSON.objectNode() : type(item, null));
            }
            case ANY -> {
                // Any JSON value: no type, so generators map it to Object / any.
            }
            default -> {
                p.put("type", "string");
                switch (format) {
                    case "email" -> p.put("format", "email");
                    case "uri" -> p.put("format", "uri");
                    case "uuid" -> p.put("format", "uuid");
                    case "binary" -> p.put("format", "byte");
                    default -> {
                    }
                }
            }
        }
        return p;
    }
}
