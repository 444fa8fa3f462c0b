package io.datably.provider.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.IndexDefinition;
import io.datably.provider.spi.IndexInfo;
import io.datably.provider.spi.IndexType;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * The indexes users make through the API on a table's collection: named {@code ix_<name>}, which tells them apart
 * from the schema's own ({@code _id_}, {@code uq_…}, {@code fk<n>}, see {@link MongoIndexes}), listed as managed.
 * Ascending single and compound indexes, unique ones (nulls exempt, as in PostgreSQL and the schema's unique
 * indexes), partial ones (the filter compiled as for a query) and text indexes. Builds do not block writes: MongoDB
 * (4.2 and later) locks the collection exclusively only at the start and the end of a build.
 */
final class MongoUserIndexes {
    static final String PREFIX = "ix_";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonWriterSettings RELAXED = JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build();

    private final MongoRecords records;

    MongoUserIndexes(MongoRecords records) {
        this.records = records;
    }

    /** The index specification to create ({@code key}, {@code name}, options), as MongoDB lists it back. */
    BsonDocument spec(IndexDefinition index) {
        switch (index.type()) {
            case HASH, GIN, BRIN -> throw invalid("type", "unsupported", "mongodb does not offer "
                    + index.type().token() + " indexes; use btree (ascending, single or compound) or text");
            default -> {
            }
        }
        if (index.fields().isEmpty()) {
            throw invalid("fields", "required", "name at least one field");
        }
        boolean text = index.type() == IndexType.TEXT;
        BsonDocument key = new BsonDocument();
        for (int i = 0; i < index.fields().size(); i++) {
            Field field = index.fields().get(i);
            if (text && field.type() != FieldType.STRING) {
                throw invalid("fields[" + i + "]", "unsupported", "a text index covers string fields; '"
                        + field.name() + "' is " + field.type().jsonName());
            }
            key.append(records.path(field.name()), text ? new BsonString("text") : new BsonInt32(1));
        }
        if (key.keySet().equals(java.util.Set.of(MongoRecords.ID)) && !text) {
            throw invalid("fields", "redundant", "'" + index.fields().get(0).name() + "' is the primary key, which "
                    + "MongoDB always indexes (_id_)");
        }
        if (text && index.unique()) {
            throw invalid("unique", "unsupported", "a text index cannot be unique");
        }
        BsonDocument spec = new BsonDocument("key", key).append("name", new BsonString(PREFIX + index.name()));
        List<BsonDocument> partial = new ArrayList<>();
        if (index.where() != null) {
            partial.add(new MongoFilterCompiler(records).compile(index.where()));
        }
        if (index.unique()) {
            spec.append("unique", BsonBoolean.TRUE);
            index.fields().forEach(f -> partial.add(new BsonDocument(records.path(f.name()),
                    new BsonDocument("$type", MongoIndexes.NOT_NULL))));
        }
        if (!partial.isEmpty()) {
            spec.append("partialFilterExpression", MongoFilterCompiler.and(partial));
        }
        return spec;
    }

    static IndexModel model(BsonDocument spec) {
        IndexOptions options = new IndexOptions().name(spec.getString("name").getValue())
                .unique(spec.getBoolean("unique", BsonBoolean.FALSE).getValue());
        if (spec.containsKey("partialFilterExpression")) {
            options.partialFilterExpression(spec.getDocument("partialFilterExpression"));
        }
        return new IndexModel(spec.getDocument("key"), options);
    }

    /** The collection's indexes as listIndexes describes them. */
    List<IndexInfo> list(List<BsonDocument> specs) {
        return specs.stream().map(this::info).toList();
    }

    private IndexInfo info(BsonDocument spec) {
        String name = spec.getString("name", new BsonString("")).getValue();
        BsonDocument key = spec.getDocument("key", new BsonDocument());
        boolean managed = !name.startsWith(PREFIX);
        boolean unique = name.equals("_id_") || isTrue(spec.get("unique"));
        BsonValue partial = spec.get("partialFilterExpression");
        return new IndexInfo(managed ? name : name.substring(PREFIX.length()), name, kind(key), fields(spec, key),
                unique, partial == null ? null : json(partial.asDocument()), json(key), managed, true);
    }

    /** single, compound, text, hashed, 2dsphere...: what MongoDB's key values say. */
    private static String kind(BsonDocument key) {
        for (BsonValue value : key.values()) {
            if (value.isString()) {
                return value.asString().getValue();
            }
        }
        return key.size() == 1 ? "single" : "compound";
    }

    /**
     * Key paths back to schema fields ({@code _id} is the key, {@code _id.x} one of a composite key). A text index
     * on a real MongoDB lists its fields under {@code weights}; its key is {@code {_fts: "text", _ftsx: 1}}.
     */
    private List<String> fields(BsonDocument spec, BsonDocument key) {
        List<String> paths = new ArrayList<>(key.containsKey("_fts") && spec.isDocument("weights")
                ? spec.getDocument("weights").keySet() : key.keySet());
        List<String> fields = new ArrayList<>();
        for (String path : paths) {
            if (path.equals(MongoRecords.ID)) {
                fields.addAll(records.schema().primaryKey());
            } else if (path.startsWith(MongoRecords.ID + ".")) {
                fields.add(path.substring(MongoRecords.ID.length() + 1));
            } else if (!path.startsWith("_fts")) {
                fields.add(path);
            }
        }
        return fields;
    }

    /** A failed build as the client should see it; everything else is left to {@link MongoErrors}. */
    static Throwable translate(Throwable failure, IndexDefinition index) {
        int code = MongoErrors.code(failure);
        String fields = index.fields().stream().map(Field::name).collect(Collectors.joining(", "));
        String message = MongoErrors.message(failure);
        return switch (code) {
            case 11000, 11001 -> new DatablyException(ErrorCode.DUPLICATE, "Unique index '" + index.name()
                    + "' cannot be built: duplicates exist in (" + fields + ")", index.fields().stream().map(f ->
                    new ProblemItem(f.name(), "unique", "duplicates exist: several records hold the same value"
                    + (index.fields().size() > 1 ? "s" : ""))).toList());
            case 85, 86 -> new DatablyException(ErrorCode.CONFLICT, "MongoDB already has an index on (" + fields
                    + ") that conflicts with '" + index.name() + "' (one text index per collection; no two indexes "
                    + "with the same keys and options)", List.of(new ProblemItem(fields, "conflict", message)));
            case 2, 9, 67 -> invalid(message.contains("partial") ? "where" : "fields", "invalid",
                    "MongoDB cannot build this index: " + message);
            default -> failure;
        };
    }

    static DatablyException invalid(String field, String code, String message) {
        return DatablyException.invalidField(field, code, message);
    }

    private static boolean isTrue(BsonValue value) {
        return value != null && (value.isBoolean() ? value.asBoolean().getValue()
                : value.isNumber() && value.asNumber().intValue() != 0);
    }

    static JsonNode json(BsonDocument document) {
        try {
            return JSON.readTree(document.toJson(RELAXED));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("MongoDB wrote JSON that does not parse", e);
        }
    }

    /** The createIndexes command, as text for the SchemaOperation history. */
    static String createCommand(String collection, BsonDocument spec) {
        return new BsonDocument("createIndexes", new BsonString(collection))
                .append("indexes", new BsonArray(List.of(spec))).toJson(RELAXED);
    }

    /** The dropIndexes command, as text for the SchemaOperation history. */
    static String dropCommand(String collection, String physicalName) {
        return new BsonDocument("dropIndexes", new BsonString(collection))
                .append("index", new BsonString(physicalName)).toJson(RELAXED);
    }
}
