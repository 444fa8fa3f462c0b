package io.datably.provider.mongo;

import com.mongodb.client.model.IndexModel;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;

/** The unique indexes a table schema needs, named {@code uq_<f1>_<f2>…} so they are found again by name. */
final class MongoIndexes {
    /** Every BSON type but null, so a partial index ignores nulls (and missing fields) like a SQL unique does. */
    static final BsonArray NOT_NULL = new BsonArray(List.of("double", "string", "object", "array",
            "binData", "objectId", "bool", "date", "regex", "int", "timestamp", "long", "decimal")
            .stream().map(BsonString::new).toList());

    private final MongoRecords records;

    MongoIndexes(MongoRecords records) {
        this.records = records;
    }

    /** Index name → the schema fields it covers; {@code _id_} is the primary key. */
    Map<String, List<String>> uniqueFields() {
        TableSchema schema = records.schema();
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        if (!schema.primaryKey().isEmpty()) {
            indexes.put("_id_", schema.primaryKey());
        }
        for (Field field : schema.fields()) {
            if (field.constraints().unique()) {
                addUnlessKey(indexes, List.of(field.name()));
            }
        }
        schema.uniqueKeys().forEach(fields -> addUnlessKey(indexes, fields));
        return indexes;
    }

    /**
     * The indexes to create, the primary key excepted (MongoDB always has the unique {@code _id_} index): unique
     * ones, and one per foreign key (relation filters and expansions look records up by their referencing fields).
     */
    List<IndexModel> models() {
        List<IndexModel> models = new ArrayList<>();
        uniqueFields().forEach((name, fields) -> {
            if (!name.equals("_id_")) {
                models.add(model(name, fields));
            }
        });
        TableSchema schema = records.schema();
        for (int i = 0; i < schema.foreignKeys().size(); i++) {
            List<String> fields = schema.foreignKeys().get(i).fields();
            if (!schema.isKey(fields)) {
                models.add(new IndexModel(Indexes.ascending(fields.stream().map(records::path).toList()),
                        new IndexOptions().name("fk" + i)));
            }
        }
        return models;
    }

    /** Rejects field names MongoDB cannot address as a top-level path, before anything is created. */
    void checkStorable(String tableName) {
        for (Field field : records.schema().fields()) {
            String name = field.name();
            if (name.isEmpty() || name.contains(".") || name.startsWith("$") || name.equals(MongoRecords.ID)) {
                throw new DatablyException(ErrorCode.SCHEMA_NOT_STORABLE, "Field '" + name + "' of table '"
                        + tableName + "' cannot be stored in MongoDB: names must be non-empty, contain no '.', "
                        + "not start with '$' and not be '_id'");
            }
        }
    }

    private IndexModel model(String name, List<String> fields) {
        BsonDocument partial = new BsonDocument();
        List<String> paths = fields.stream().map(records::path).toList();
        paths.forEach(path -> partial.append(path, new BsonDocument("$type", NOT_NULL)));
        IndexOptions options = new IndexOptions().name(name).unique(true).partialFilterExpression(partial);
        return new IndexModel(Indexes.ascending(paths), options);
    }

    private void addUnlessKey(Map<String, List<String>> indexes, List<String> fields) {
        // A unique constraint on exactly the primary key is already enforced by _id.
        List<String> key = records.schema().primaryKey();
        if (!(fields.size() == key.size() && fields.containsAll(key))) {
            indexes.putIfAbsent("uq_" + String.join("_", fields), List.copyOf(fields));
        }
    }
}
