package io.datably.service;

import io.datably.catalog.DataTable;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.RecordCaster;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.schema.validate.SchemaParseResult;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed schemas by {@code schema_hash}: parsing a descriptor on every record request would be wasted work, and
 * a hash names its content, so an entry can never be stale (a changed schema has a new hash).
 */
@ApplicationScoped
public class SchemaCache {
    private static final int MAX_ENTRIES = 10_000;
    private final Map<String, TableSchema> byHash = new ConcurrentHashMap<>();
    private final Map<String, RecordCaster> casters = new ConcurrentHashMap<>();

    /** Validates a client's descriptor: a 400 listing every problem with its JSON path under {@code json_schema}. */
    public static TableSchema parseClientSchema(JsonNode descriptor) {
        if (descriptor == null || descriptor.isNull()) {
            throw DatablyException.invalidField("json_schema", "required", "is required");
        }
        SchemaParseResult result = SchemaDescriptorParser.parse(descriptor);
        if (!result.valid()) {
            var items = result.problems().stream()
                    .map(p -> new ProblemItem("json_schema" + p.path().substring(1), p.code(), p.message())).toList();
            throw new DatablyException(ErrorCode.INVALID_SCHEMA,
                    "json_schema is not a valid Table Schema: " + items.size() + " problem(s)", items);
        }
        return result.schema();
    }

    /** The caster of a table's current schema (it holds compiled patterns and parsed constraint values). */
    public RecordCaster casterOf(DataTable table) {
        if (casters.size() >= MAX_ENTRIES) {
            casters.clear();
        }
        return casters.computeIfAbsent(table.schemaHash, hash -> new RecordCaster(of(table)));
    }

    public TableSchema of(DataTable table) {
        TableSchema cached = byHash.get(table.schemaHash);
        if (cached != null) {
            return cached;
        }
        TableSchema schema = SchemaDescriptorParser.parseStored(Json.parse(table.jsonSchema)).schema();
        if (schema == null) {
            throw new IllegalStateException("Stored schema of table " + table.id + " no longer parses");
        }
        if (byHash.size() >= MAX_ENTRIES) {
            byHash.clear();
        }
        byHash.put(table.schemaHash, schema);
        return schema;
    }
}
