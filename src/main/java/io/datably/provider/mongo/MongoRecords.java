package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.provider.spi.RecordKey;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * The document layout of one table: the primary key is {@code _id} (the value itself for a one-field key, a
 * sub-document in key order for a composite key, a generated ObjectId without key); every other schema field is
 * stored at top level, nulls included, so a record read back always has every field.
 */
final class MongoRecords {
    static final String ID = "_id";

    private final String tableName;
    private final TableSchema schema;

    MongoRecords(String tableName, TableSchema schema) {
        this.tableName = tableName;
        this.schema = schema;
    }

    /** The document for a canonical record; {@code id} overrides the key taken from the record when not null. */
    BsonDocument toDocument(ObjectNode record, BsonValue id) {
        BsonDocument document = new BsonDocument(ID, id != null ? id : idOf(record));
        for (Field field : schema.fields()) {
            if (!schema.primaryKey().contains(field.name())) {
                document.append(field.name(), BsonValues.toBson(field, record.get(field.name())));
            }
        }
        return document;
    }

    /** The canonical record for a stored document: exactly the schema's fields, in schema order. */
    ObjectNode toRecord(BsonDocument document) {
        return toRecord(document, schema.fields());
    }

    /** The canonical record for a stored document, holding only {@code fields} (in the order given). */
    ObjectNode toRecord(BsonDocument document, List<Field> fields) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (Field field : fields) {
            record.set(field.name(), BsonValues.toJson(field, valueOf(document, field.name())));
        }
        return record;
    }

    /** A field's stored value in a document (from {@code _id} for key fields); null when absent. */
    BsonValue valueOf(BsonDocument document, String name) {
        List<String> key = schema.primaryKey();
        BsonValue id = document.get(ID);
        if (key.size() == 1 && key.get(0).equals(name)) {
            return id;
        }
        if (key.contains(name)) {
            return id != null && id.isDocument() ? id.asDocument().get(name) : null;
        }
        return document.get(name);
    }

    /** The {@code _id} of a new record: built from its key fields, or a fresh ObjectId when there is no key. */
    BsonValue idOf(ObjectNode record) {
        List<String> key = schema.primaryKey();
        if (key.isEmpty()) {
            // Generated here rather than by the driver so a failed batch knows which ids to compensate.
            return new BsonObjectId();
        }
        List<JsonNode> values = new ArrayList<>();
        key.forEach(name -> values.add(record.get(name)));
        return idOf(values);
    }

    /** The {@code _id} for key values in primary-key order. */
    BsonValue idOf(List<JsonNode> values) {
        List<String> key = schema.primaryKey();
        if (key.size() == 1) {
            return BsonValues.toBson(field(key.get(0)), values.get(0));
        }
        // Composite ids are compared as whole sub-documents, field order included: always build them in key order.
        BsonDocument id = new BsonDocument();
        for (int i = 0; i < key.size(); i++) {
            id.append(key.get(i), BsonValues.toBson(field(key.get(i)), values.get(i)));
        }
        return id;
    }

    /** The filter selecting the record with this key. */
    Bson keyFilter(RecordKey key) {
        if (schema.primaryKey().isEmpty()) {
            throw new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER,
                    "Table '" + tableName + "' has no primary key: its records cannot be addressed one by one");
        }
        if (key.values().size() != schema.primaryKey().size()) {
            throw DatablyException.invalidParameter("key", "expected " + schema.primaryKey().size()
                    + " value(s) for primary key " + schema.primaryKey());
        }
        return Filters.eq(ID, idOf(key.values()));
    }

    /** The filter selecting records whose {@code fields} equal {@code values}; the whole key goes through {@code _id}. */
    Bson equalsFilter(List<String> fields, List<JsonNode> values) {
        if (fields.size() != values.size() || fields.isEmpty()) {
            throw DatablyException.invalidParameter("fields", "needs as many values as fields, at least one");
        }
        List<String> key = schema.primaryKey();
        if (!key.isEmpty() && fields.size() == key.size() && fields.containsAll(key)) {
            List<JsonNode> ordered = key.stream().map(name -> values.get(fields.indexOf(name))).toList();
            return Filters.eq(ID, idOf(ordered));
        }
        List<Bson> filters = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            filters.add(Filters.eq(path(fields.get(i)), BsonValues.toBson(field(fields.get(i)), values.get(i))));
        }
        return filters.size() == 1 ? filters.get(0) : Filters.and(filters);
    }

    /** Where a field lives in the document: {@code _id}, {@code _id.<name>} or {@code <name>}. */
    String path(String name) {
        List<String> key = schema.primaryKey();
        if (key.size() == 1 && key.get(0).equals(name)) {
            return ID;
        }
        return key.contains(name) ? ID + "." + name : name;
    }

    Field field(String name) {
        return schema.field(name).orElseThrow(() -> DatablyException.invalidField(name, "unknown_field",
                "is not a field of table '" + tableName + "'"));
    }

    TableSchema schema() {
        return schema;
    }
}
