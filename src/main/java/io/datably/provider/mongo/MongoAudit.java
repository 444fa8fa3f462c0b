package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.datably.provider.spi.Audit;
import io.datably.provider.spi.RecordPage;
import io.datably.schema.model.TableSchema;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.mongodb.reactive.ReactiveMongoDatabase;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * The audit trail on MongoDB: entries in the tenant database's {@value #COLLECTION} collection, numbered from a
 * counter so they order as PostgreSQL's do. Without transactions an entry is written right after its change: a
 * failure between the two (the server going away) can leave a change without its entry; never an entry without its
 * change. Records are kept as their canonical JSON text, read back exactly.
 */
final class MongoAudit {
    static final String COLLECTION = "_datably_audit";
    private static final String COUNTERS = "_datably_counters";

    /**
     * One changed record: the action, its canonical JSON before and after (either may be null; an update's limited to
     * the fields it set), and the whole record its key is read from.
     */
    record Change(String action, ObjectNode before, ObjectNode after, ObjectNode whole) {
        Change(String action, ObjectNode before, ObjectNode after) {
            this(action, before, after, after != null ? after : before);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ReactiveMongoDatabase database;
    private final ObjectMapper mapper = MAPPER;
    /** Within a batch, the journal that undoes its writes: a batch undone takes its entries away too. */
    private final MongoJournal journal;

    MongoAudit(ReactiveMongoDatabase database) {
        this(database, null);
    }

    MongoAudit(ReactiveMongoDatabase database, MongoJournal journal) {
        this.database = database;
        this.journal = journal;
    }

    /**
     * The record with only the fields of {@code changes} (an update keeps the fields it set, as on PostgreSQL), or
     * whole when {@code changes} is null.
     */
    static ObjectNode only(ObjectNode record, ObjectNode changes) {
        if (record == null || changes == null) {
            return record;
        }
        ObjectNode kept = record.objectNode();
        record.fieldNames().forEachRemaining(name -> {
            if (changes.has(name)) {
                kept.set(name, record.get(name));
            }
        });
        return kept;
    }

    /** A record's canonical JSON text as an object. */
    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable record", e);
        }
    }

    /** Writes the entries of changes of a table whose writes carry {@code stamp} (nothing when null or none). */
    Uni<Void> write(Audit.Stamp stamp, TableSchema schema, List<Change> changes) {
        if (stamp == null || changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return ids(changes.size()).chain(first -> {
            List<BsonDocument> entries = new ArrayList<>();
            BsonDateTime at = new BsonDateTime(Instant.now().toEpochMilli());
            for (int i = 0; i < changes.size(); i++) {
                Change change = changes.get(i);
                entries.add(entry(first + i, at, stamp, key(schema, change.whole()), change.action(), change.before(),
                        change.after(), null));
            }
            if (journal != null) {
                journal.removing(entries(), Filters.in("_id", entries.stream().map(e -> e.get("_id")).toList()));
            }
            return entries().insertMany(entries).replaceWithVoid();
        });
    }

    Uni<Void> append(Audit.Entry entry) {
        return ids(1).chain(id -> entries().insertOne(entry(id, new BsonDateTime(Instant.now().toEpochMilli()),
                entry.stamp(), entry.recordKey(), entry.action(), entry.before(), entry.after(), entry.details())))
                .replaceWithVoid();
    }

    Uni<RecordPage> read(Audit.Query query) {
        List<Bson> conditions = new ArrayList<>(List.of(Filters.eq("table_id", query.tableId())));
        if (query.recordKey() != null) {
            conditions.add(Filters.eq("record_key", text(query.recordKey())));
        }
        if (query.actor() != null) {
            conditions.add(Filters.eq("actor", query.actor()));
        }
        if (query.action() != null) {
            conditions.add(Filters.eq("action", query.action()));
        }
        if (query.since() != null) {
            conditions.add(Filters.gte("at", new BsonDateTime(query.since().toEpochMilli())));
        }
        if (query.until() != null) {
            conditions.add(Filters.lt("at", new BsonDateTime(query.until().toEpochMilli())));
        }
        Bson filter = Filters.and(conditions);
        FindOptions window = new FindOptions().filter(filter)
                .sort(query.oldestFirst() ? Sorts.ascending("_id") : Sorts.descending("_id"))
                .skip((int) Math.min(query.offset(), Integer.MAX_VALUE)).limit(query.limit());
        return entries().find(window).collect().asList().chain(found -> entries().countDocuments(filter)
                .map(count -> new RecordPage(count, render(found))));
    }

    Uni<Long> prune(Instant cutoff) {
        return entries().deleteMany(Filters.lt("at", new BsonDateTime(cutoff.toEpochMilli())))
                .map(result -> result.getDeletedCount());
    }

    /** The first of {@code n} new entry ids, taken from the database's counter. */
    private Uni<Long> ids(int n) {
        return database.getCollection(COUNTERS, BsonDocument.class).findOneAndUpdate(
                Filters.eq("_id", COLLECTION), Updates.inc("next", (long) n),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
                .map(counter -> counter.getNumber("next").longValue() - n + 1);
    }

    private ReactiveMongoCollection<BsonDocument> entries() {
        return database.getCollection(COLLECTION, BsonDocument.class);
    }

    private BsonDocument entry(long id, BsonDateTime at, Audit.Stamp stamp, JsonNode key, String action,
                               JsonNode before, JsonNode after, JsonNode details) {
        return new BsonDocument("_id", new BsonInt64(id)).append("at", at)
                .append("table_id", new BsonInt64(stamp.tableId()))
                .append("table_name", new BsonString(stamp.tableName()))
                .append("record_key", text(key)).append("action", new BsonString(action))
                .append("actor", stamp.actor() == null ? BsonNull.VALUE : new BsonString(stamp.actor()))
                .append("request_id", stamp.requestId() == null ? BsonNull.VALUE : new BsonString(stamp.requestId()))
                .append("before", text(before)).append("after", text(after)).append("details", text(details));
    }

    /** The entries as the API shows them (the same members, in the same order, as PostgreSQL renders). */
    private String render(List<BsonDocument> found) {
        ArrayNode out = mapper.createArrayNode();
        for (BsonDocument document : found) {
            ObjectNode entry = out.addObject();
            entry.put("id", document.getInt64("_id").longValue());
            entry.put("at", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(
                    document.getDateTime("at").getValue()).truncatedTo(ChronoUnit.MILLIS)));
            entry.put("table", document.getString("table_name").getValue());
            entry.put("table_id", document.getInt64("table_id").longValue());
            entry.set("record_key", json(document.get("record_key")));
            entry.put("action", document.getString("action").getValue());
            entry.set("actor", string(document.get("actor")));
            entry.set("request_id", string(document.get("request_id")));
            entry.set("before", json(document.get("before")));
            entry.set("after", json(document.get("after")));
            entry.set("details", json(document.get("details")));
        }
        return out.toString();
    }

    /** A record (or key, or details) kept as JSON text. */
    private JsonNode json(BsonValue value) {
        if (value == null || value.isNull()) {
            return mapper.nullNode();
        }
        try {
            return mapper.readTree(value.asString().getValue());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Unreadable audit entry", e);
        }
    }

    private JsonNode string(BsonValue value) {
        return value == null || value.isNull() ? mapper.nullNode()
                : mapper.getNodeFactory().textNode(value.asString().getValue());
    }

    private static ObjectNode key(TableSchema schema, ObjectNode record) {
        if (schema.primaryKey().isEmpty() || record == null) {
            return null;
        }
        ObjectNode key = record.objectNode();
        schema.primaryKey().forEach(name -> key.set(name, record.get(name)));
        return key;
    }

    private static BsonValue text(JsonNode node) {
        return node == null || node.isNull() ? BsonNull.VALUE : new BsonString(node.toString());
    }
}
