package io.datably.provider.mongo;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.jboss.logging.Logger;

/**
 * What the writes of a batch on MongoDB did, to undo them when a later operation fails: MongoDB here (the in-process
 * test server, a standalone server) has no transactions, so a batch is applied write by write and compensated, as a
 * multi-record create compensates its own partial insert.
 *
 * <p>Before a write, the documents it may touch are read as stored, whole (soft-delete marker included), and
 * journaled to be put back ({@link #restoring}); a document it may create is journaled to be removed. Undoing runs
 * the steps latest first. Between a write and its undo other clients see the batch's partial state, and a change
 * they make to the same documents in that window is overwritten by the undo.
 */
final class MongoJournal {
    private static final Logger LOG = Logger.getLogger(MongoJournal.class);
    private final List<Supplier<Uni<Void>>> steps = new ArrayList<>();

    /** Puts back, on undo, the documents {@code filter} selects now: read before the write that may change them. */
    Uni<Void> remember(ReactiveMongoCollection<BsonDocument> collection, Bson filter) {
        return collection.find(filter).collect().asList().invoke(documents -> documents.forEach(document ->
                steps.add(() -> restoring(collection, document)))).replaceWithVoid();
    }

    /** Puts back, on undo, {@code documents} as they were read (whole, by the write about to change them). */
    void remembered(ReactiveMongoCollection<BsonDocument> collection, List<BsonDocument> documents) {
        documents.forEach(document -> steps.add(() -> restoring(collection, document)));
    }

    /** Removes, on undo, what {@code filter} selects then: documents a write created (none matched it before). */
    void removing(ReactiveMongoCollection<BsonDocument> collection, Bson filter) {
        steps.add(() -> collection.deleteMany(filter).replaceWithVoid());
    }

    /** The document back as it was read: replaced when it is there, inserted again when it was deleted. */
    private static Uni<Void> restoring(ReactiveMongoCollection<BsonDocument> collection, BsonDocument document) {
        return collection.replaceOne(Filters.eq(MongoRecords.ID, document.get(MongoRecords.ID)), document,
                new ReplaceOptions().upsert(true)).replaceWithVoid();
    }

    /** Every step undone, latest first; a step that fails is logged and the others still run. */
    Uni<Void> undo() {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = steps.size() - 1; i >= 0; i--) {
            Supplier<Uni<Void>> step = steps.get(i);
            chain = chain.chain(() -> Uni.createFrom().<Void>deferred(step::get).onFailure().recoverWithUni(failure -> {
                LOG.error("A batch's write on MongoDB could not be undone", failure);
                return Uni.createFrom().voidItem();
            }));
        }
        return chain.invoke(steps::clear);
    }
}
