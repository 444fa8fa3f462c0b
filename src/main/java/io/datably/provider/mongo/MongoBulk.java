package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.Audit;
import io.datably.provider.spi.BulkWrite;
import io.datably.schema.model.SoftDelete;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.conversions.Bson;

/**
 * Bulk changes by filter ({@code updateMany} / {@code deleteMany}) and upserts (an ordered {@code bulkWrite} of
 * {@code updateOne} with {@code upsert: true}) on MongoDB. Without transactions the checks run before the write: the
 * ceiling on a count, the caller's reach on the changed documents as an aggregation, and a constant value for a unique
 * field set on several documents as a duplicate. {@code updateMany} itself is not atomic: a failure in the middle
 * (a unique conflict with a document outside the match) leaves the documents before it changed.
 */
final class MongoBulk {
    private final ReactiveMongoCollection<BsonDocument> collection;
    private final MongoRelations relations;
    private final MongoRecords layout;
    private final MongoIndexes indexes;
    private Audit.Stamp stamp;
    private MongoAudit audit;
    private MongoJournal journal;

    MongoBulk(ReactiveMongoCollection<BsonDocument> collection, MongoRelations relations, MongoRecords layout,
              MongoIndexes indexes) {
        this.collection = collection;
        this.relations = relations;
        this.layout = layout;
        this.indexes = indexes;
    }

    /** Within a batch ({@code atomically}): the documents a delete removes are journaled to be put back. */
    MongoBulk journaled(MongoJournal journal) {
        this.journal = journal;
        return this;
    }

    /** Changes through this bulk leave audit entries under {@code stamp} (none when null). */
    MongoBulk audited(Audit.Stamp stamp, MongoAudit audit) {
        this.stamp = stamp;
        this.audit = audit;
        return this;
    }

    /**
     * The documents a change is about to touch, as they are, when audited (the ceiling already bounds how many); a
     * document changed by someone else in between is recorded as it was read.
     */
    private Uni<List<BsonDocument>> touched(BsonDocument filter) {
        return stamp == null ? Uni.createFrom().item(List.of()) : collection.find(filter).collect().asList();
    }

    /**
     * Deletes what {@code filter} matches. When the documents are needed (for the audit trail, the journal of a batch,
     * or the fields the service asked for) they are read first and exactly those are deleted, so that what is
     * recorded, journaled and handed back is what was removed.
     */
    private Uni<BulkWrite.Count> delete(BsonDocument filter, long matched, List<String> removedFields) {
        if (stamp == null && journal == null && removedFields.isEmpty()) {
            return collection.deleteMany(filter).map(result -> new BulkWrite.Count(matched, result.getDeletedCount(),
                    0, true));
        }
        return collection.find(filter).collect().asList().chain(documents -> {
            if (journal != null) {
                journal.remembered(collection, documents);
            }
            Bson read = Filters.in(MongoRecords.ID, documents.stream().map(d -> d.get(MongoRecords.ID)).toList());
            return collection.deleteMany(Filters.and(filter, read))
                    .call(() -> entries(documents, "delete", null, null))
                    .map(result -> new BulkWrite.Count(matched, result.getDeletedCount(), 0, true,
                            fieldsOf(documents, removedFields)));
        });
    }

    /** {@code fields} of each document, as records (empty when none are asked for). */
    private List<ObjectNode> fieldsOf(List<BsonDocument> documents, List<String> fields) {
        if (fields.isEmpty()) {
            return List.of();
        }
        List<ObjectNode> records = new ArrayList<>(documents.size());
        for (BsonDocument document : documents) {
            records.add(layout.toRecord(document).retain(fields));
        }
        return records;
    }

    /** One entry per touched document: {@code after} makes its new state from the old one (null: none). */
    private Uni<Void> entries(List<BsonDocument> touched, String action, ObjectNode set,
                              java.util.function.UnaryOperator<ObjectNode> after) {
        if (stamp == null) {
            return Uni.createFrom().voidItem();
        }
        List<MongoAudit.Change> changes = new ArrayList<>();
        for (BsonDocument document : touched) {
            ObjectNode before = layout.toRecord(document);
            ObjectNode changed = after == null ? null : after.apply(before.deepCopy());
            if (changed == null) {
                changes.add(new MongoAudit.Change(action, before, null));
            } else if (!changed.equals(before)) {
                // An update keeps the fields it set, before and after, as on PostgreSQL.
                changes.add(new MongoAudit.Change(action, MongoAudit.only(before, set), MongoAudit.only(changed, set),
                        changed));
            }
        }
        return audit.write(stamp, layout.schema(), changes);
    }

    Uni<BulkWrite.Count> changeWhere(BulkWrite.Change change) {
        return relations.resolve(change.match().where(), layout).chain(related -> {
            BsonDocument filter = new MongoQueryCompiler(layout, related).compile(change.match()).filter();
            BsonDocument sets = change.changes() == null ? null : sets(change.changes());
            return collection.countDocuments(filter).chain(matched -> {
                if (change.dryRun()) {
                    return sets == null ? Uni.createFrom().item(new BulkWrite.Count(matched, matched, 0, false))
                            : collection.countDocuments(Filters.and(filter, Filters.nor(sets)))
                            .map(changed -> new BulkWrite.Count(matched, changed, 0, false));
                }
                if (matched > change.maxRecords()) {
                    return Uni.createFrom().item(new BulkWrite.Count(matched, 0, 0, false));
                }
                if (change.mark() != null) {
                    // A soft-delete table's bulk delete marks the matched (live) documents, as a delete by key does.
                    BsonDocument marker = new BsonDocument(SoftDelete.DELETED_AT,
                            new BsonDateTime(change.mark().at().toEpochMilli()))
                            .append(SoftDelete.DELETED_BY, new BsonString(change.mark().by()));
                    return touched(filter).chain(touched -> collection.updateMany(filter,
                                    new BsonDocument("$set", marker))
                            .call(() -> entries(touched, "soft_delete", null, null)).map(result ->
                                    new BulkWrite.Count(matched, result.getModifiedCount(), 0, true)));
                }
                if (sets == null) {
                    return delete(filter, matched, change.removedFields());
                }
                refuseConstantDuplicates(sets, matched);
                return escaped(filter, sets, change).chain(escaped -> escaped > 0
                        ? Uni.createFrom().item(new BulkWrite.Count(matched, 0, escaped, false))
                        : touched(filter).chain(touched -> collection.updateMany(filter,
                                        new BsonDocument("$set", sets))
                                .call(() -> entries(touched, "update", change.changes(),
                                        before -> before.setAll(change.changes())))
                                .map(result -> new BulkWrite.Count(result.getMatchedCount(),
                                        result.getModifiedCount(), 0, true))));
            });
        });
    }

    /** The changes as stored values, by document path (never the key: the service refuses key changes). */
    private BsonDocument sets(ObjectNode changes) {
        BsonDocument sets = new BsonDocument();
        changes.fieldNames().forEachRemaining(name -> sets.append(layout.path(name),
                BsonValues.toBson(layout.field(name), changes.get(name))));
        return sets;
    }

    /**
     * Every field of a unique index set to one non-null value on more than one document can only be a duplicate:
     * refused before anything is written, as PostgreSQL's statement would be.
     */
    private void refuseConstantDuplicates(BsonDocument sets, long matched) {
        if (matched < 2) {
            return;
        }
        for (Map.Entry<String, List<String>> index : indexes.uniqueFields().entrySet()) {
            List<String> fields = index.getValue();
            if (fields.stream().allMatch(f -> sets.containsKey(layout.path(f)) && !sets.get(layout.path(f)).isNull())) {
                throw new DatablyException(ErrorCode.DUPLICATE, "Duplicate value for unique key (" + String.join(", ",
                        fields) + "): the change would give " + matched + " records the same value",
                        fields.stream().map(f -> new ProblemItem(f, "unique", "would be the same on " + matched
                                + " records")).toList());
            }
        }
    }

    /** How many changed documents would no longer meet {@code change.keep()}: the change applied in a pipeline. */
    private Uni<Long> escaped(BsonDocument filter, BsonDocument sets, BulkWrite.Change change) {
        if (change.keep() == null) {
            return Uni.createFrom().item(0L);
        }
        BsonDocument literal = new BsonDocument();
        sets.forEach((path, value) -> literal.append(path, new BsonDocument("$literal", value)));
        List<BsonDocument> pipeline = List.of(new BsonDocument("$match", filter),
                new BsonDocument("$addFields", literal),
                new BsonDocument("$match", MongoFilterCompiler.nor(new MongoFilterCompiler(layout)
                        .compile(change.keep()))),
                new BsonDocument("$count", new BsonString("n")));
        return collection.aggregate(pipeline, BsonDocument.class).collect().first()
                .map(result -> result == null ? 0L : result.getNumber("n", new BsonInt32(0)).longValue());
    }

    /**
     * An ordered bulk write of one upsert per record, then each record read back by its conflict values. An existing
     * document gets the record's values except its key ({@code _id} never changes).
     */
    Uni<List<BulkWrite.Upserted>> upsert(List<ObjectNode> records, List<String> conflict) {
        List<WriteModel<BsonDocument>> models = new ArrayList<>();
        List<Bson> lookups = new ArrayList<>();
        boolean onKey = !layout.schema().primaryKey().isEmpty() && Set.copyOf(conflict)
                .equals(Set.copyOf(layout.schema().primaryKey()));
        for (ObjectNode record : records) {
            BsonDocument document = layout.toDocument(record, null);
            List<JsonNode> values = conflict.stream().map(record::get).toList();
            Bson filter = layout.equalsFilter(conflict, values);
            BsonDocument set = document.clone();
            BsonValue id = set.remove(MongoRecords.ID);
            BsonDocument update = new BsonDocument();
            if (!set.isEmpty()) {
                update.append("$set", set);
            }
            // On the key, an inserted document takes its _id from the filter; otherwise it is the record's own.
            if (!onKey || set.isEmpty()) {
                update.append("$setOnInsert", new BsonDocument(MongoRecords.ID, id));
            }
            if (layout.schema().softDelete()) {
                // An upsert onto a soft-deleted record restores it with the new values (README "Bulk changes").
                update.append("$unset", new BsonDocument(SoftDelete.DELETED_AT, new BsonString(""))
                        .append(SoftDelete.DELETED_BY, new BsonString("")));
            }
            models.add(new UpdateOneModel<>(filter, update, new UpdateOptions().upsert(true)));
            lookups.add(filter);
        }
        return collection.bulkWrite(models, new BulkWriteOptions().ordered(true)).chain(result -> {
            Set<Integer> created = new HashSet<>();
            result.getUpserts().forEach(upsert -> created.add(upsert.getIndex()));
            Uni<List<BulkWrite.Upserted>> chain = Uni.createFrom().item(new ArrayList<>());
            for (int i = 0; i < lookups.size(); i++) {
                int index = i;
                chain = chain.chain(list -> collection.find(lookups.get(index)).collect().first().map(document -> {
                    if (document == null) {
                        throw new IllegalStateException("An upserted record could not be read back");
                    }
                    list.add(new BulkWrite.Upserted(layout.toRecord(document).toString(), created.contains(index)));
                    return list;
                }));
            }
            // Audited as a create or an update of each record (its state before an update is not kept).
            return chain.call(list -> stamp == null ? Uni.createFrom().voidItem() : audit.write(stamp,
                    layout.schema(), list.stream().map(u -> new MongoAudit.Change(u.created() ? "create" : "update",
                            null, MongoAudit.parse(u.json()))).toList()));
        });
    }
}
