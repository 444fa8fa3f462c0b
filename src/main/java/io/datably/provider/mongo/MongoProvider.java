package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndReplaceOptions;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.Capabilities;
import io.datably.provider.spi.BulkLoad;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.graph.Graph;
import io.datably.provider.spi.IndexDefinition;
import io.datably.provider.spi.IndexInfo;
import io.datably.provider.spi.Migration;
import io.datably.provider.spi.MigrationPlan;
import io.datably.provider.spi.NulCharacters;
import io.datably.provider.spi.RecordKey;
import io.datably.provider.spi.RecordPage;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.spi.TableStats;
import io.datably.query.model.Op;
import io.datably.query.plan.BoundQuery;
import io.datably.schema.evolution.SchemaDiff;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.schema.model.SoftDelete;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Stores DataTables as MongoDB collections, one database per tenant; see {@link MongoRecords} for the layout. */
@ApplicationScoped
public class MongoProvider implements DataProvider {
    /**
     * Every filter operator (each has a formulation that runs on MongoDB and on the test server alike, see
     * {@link MongoFilterCompiler}); search is served by the regex fallback of {@link MongoSearch}, without ranking.
     */
    private static final Capabilities CAPABILITIES = new Capabilities(false, false, EnumSet.allOf(Op.class), true,
            BsonValues::limit).withHierarchy(io.datably.provider.spi.traversal.Hierarchy.Strategy.LEVEL_QUERIES);

    private final Optional<String> connectionString;
    private final Instance<ReactiveMongoClient> clients;
    /** Within a batch ({@link #atomically}), what its writes did, to undo them; null otherwise. */
    private final MongoJournal journal;

    @jakarta.inject.Inject
    public MongoProvider(@ConfigProperty(name = "quarkus.mongodb.connection-string") Optional<String> connectionString,
                         Instance<ReactiveMongoClient> clients) {
        this.connectionString = connectionString;
        // Resolved on first use only: the client must not even be created when MongoDB is not configured.
        this.clients = clients;
        this.journal = null;
    }

    private MongoProvider(MongoProvider base, MongoJournal journal) {
        this.connectionString = base.connectionString;
        this.clients = base.clients;
        this.journal = journal;
    }

    /**
     * Without transactions: {@code work} gets a provider that journals each write ({@link MongoJournal}), and when
     * {@code work} fails the journal undoes them, latest first, before the failure is answered.
     */
    @Override
    public <T> Uni<T> atomically(java.util.function.Function<DataProvider, Uni<T>> work) {
        if (journal != null) {
            return work.apply(this);
        }
        MongoJournal started = new MongoJournal();
        return Uni.createFrom().deferred(() -> work.apply(new MongoProvider(this, started)))
                .onFailure().call(started::undo);
    }

    /** In a batch, the documents {@code filter} selects journaled as stored, before a write that may change them. */
    private Uni<Void> remember(TableDescriptor table, Bson filter) {
        return journal == null ? Uni.createFrom().voidItem() : journal.remember(collection(table), filter);
    }

    @Override
    public String providerType() {
        return "mongodb";
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /** Whether a MongoDB server is configured at all (without one, flat_table and jsonb still serve). */
    public boolean configured() {
        return connectionString.filter(s -> !s.isBlank()).isPresent();
    }

    /** Round trip to the server, for readiness. */
    public Uni<Void> ping() {
        checkAvailable();
        return clients.get().getDatabase("admin").runCommand(new Document("ping", 1)).replaceWithVoid();
    }

    @Override
    public void checkAvailable() {
        if (!configured()) {
            throw new DatablyException(ErrorCode.PROVIDER_NOT_CONFIGURED, "The mongodb provider needs a MongoDB "
                    + "server: set quarkus.mongodb.connection-string (environment QUARKUS_MONGODB_CONNECTION_STRING)");
        }
    }

    /** Checked when a table is created, so that a name MongoDB cannot address is a 400 before anything exists. */
    @Override
    public List<ProblemItem> storageProblems(TableSchema schema) {
        List<ProblemItem> problems = new ArrayList<>();
        for (int i = 0; i < schema.fields().size(); i++) {
            String name = schema.fields().get(i).name();
            if (name.isEmpty() || name.contains(".") || name.startsWith("$") || name.equals(MongoRecords.ID)
                    || name.indexOf('\0') >= 0) {
                problems.add(new ProblemItem("json_schema.fields[" + i + "].name", "invalid_name",
                        "MongoDB field names must be non-empty, contain no '.' or NUL, not start with '$' and not be '_id'"));
            }
        }
        return problems;
    }

    /**
     * BSON keys are C strings: a NUL character in a key of an object value cannot be stored; nor can numbers that
     * Decimal128 cannot represent.
     */
    @Override
    public List<ProblemItem> recordProblems(TableSchema schema, ObjectNode record) {
        List<ProblemItem> problems = new ArrayList<>(NulCharacters.problems(record, false,
                "MongoDB keys cannot contain the NUL character (\\u0000)"));
        problems.addAll(CAPABILITIES.limits().problems(schema, record));
        return problems;
    }

    @Override
    public Uni<MigrationPlan> materialize(TableDescriptor table) {
        return run(table, (records, indexes) -> {
            indexes.checkStorable(table.tableName());
            var database = clients.get().getDatabase(table.physical().namespace());
            Uni<Void> created = database.createCollection(table.physical().name())
                    .onFailure(e -> MongoErrors.code(e) == MongoErrors.NAMESPACE_EXISTS).recoverWithNull();
            var models = indexes.models();
            List<String> steps = new ArrayList<>();
            steps.add("createCollection " + table.physical().namespace() + "." + table.physical().name());
            indexSpecs(table).forEach((name, spec) -> steps.add("createIndex " + name + " " + spec));
            MigrationPlan plan = new MigrationPlan(List.of(), null, null, steps, true);
            // createIndexes is idempotent for identical specs, so materialize can run again safely.
            return (models.isEmpty() ? created
                    : created.chain(() -> collection(table).createIndexes(models)).replaceWithVoid()).replaceWith(plan);
        });
    }

    /**
     * Records are rewritten by the service (they are documents); the store's part is the indexes: those of the
     * new schema that differ are created, those of the old one that differ are dropped. {@code _id} is derived
     * from the primary key, so a new primary key is refused. (No collection validator: the schema is enforced by
     * the service on every write, and the test server has no {@code $jsonSchema}.)
     */
    @Override
    public MigrationPlan planMigration(Migration migration) {
        if (migration.diff().changes().stream().anyMatch(c -> c instanceof SchemaDiff.PrimaryKeyChanged)) {
            throw new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER, "The mongodb provider derives _id from "
                    + "the primary key: a table's primaryKey cannot be changed (only its fields renamed)",
                    List.of(new ProblemItem("json_schema.primaryKey", "unsupported", "cannot be changed on mongodb")));
        }
        List<String> key = migration.before().schema().primaryKey();
        if (key.size() > 1 && migration.diff().changes().stream().anyMatch(c -> c instanceof SchemaDiff.FieldRenamed r
                && key.contains(r.from()))) {
            throw new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER, "The mongodb provider stores a composite "
                    + "primary key as the _id document, named by its fields, and _id cannot change: the fields of "
                    + "primaryKey " + key + " cannot be renamed", List.of(new ProblemItem("json_schema.primaryKey",
                    "unsupported", "its fields cannot be renamed on mongodb")));
        }
        Map<String, String> before = indexSpecs(migration.before());
        Map<String, String> after = indexSpecs(migration.after());
        List<String> steps = new ArrayList<>();
        before.forEach((name, spec) -> {
            if (!spec.equals(after.get(name))) {
                steps.add("dropIndex " + name);
            }
        });
        BsonDocument moves = migration.diff().onlyMovesFields(migration.backfill().keySet())
                ? movingFields(migration) : null;
        if (moves != null && !moves.isEmpty()) {
            steps.add("updateMany {} " + moves.toJson());
        }
        after.forEach((name, spec) -> {
            if (!spec.equals(before.get(name))) {
                steps.add("createIndex " + name + " " + spec);
            }
        });
        return new MigrationPlan(List.of(), null, null, steps, moves != null);
    }

    @Override
    public Uni<Void> applyMigration(Migration migration, MigrationPlan plan) {
        Map<String, String> before = indexSpecs(migration.before());
        Map<String, String> after = indexSpecs(migration.after());
        var collection = collection(migration.after());
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var entry : before.entrySet()) {
            if (!entry.getValue().equals(after.get(entry.getKey()))) {
                chain = chain.chain(() -> collection.dropIndex(entry.getKey())
                        .onFailure(e -> MongoErrors.code(e) == MongoErrors.INDEX_NOT_FOUND).recoverWithNull());
            }
        }
        BsonDocument moves = plan.convertsRecords() ? movingFields(migration) : null;
        if (moves != null && !moves.isEmpty()) {
            chain = chain.chain(() -> collection.updateMany(new BsonDocument(), moves).replaceWithVoid());
        }
        MongoIndexes indexes = new MongoIndexes(new MongoRecords(migration.after().tableName(),
                migration.after().schema()));
        var created = indexes.models().stream().filter(m -> !after.get(m.getOptions().getName())
                .equals(before.get(m.getOptions().getName()))).toList();
        return (created.isEmpty() ? chain : chain.chain(() -> collection.createIndexes(created)).replaceWithVoid())
                .onFailure().transform(failure -> MongoErrors.translate(failure, migration.after().tableName(),
                        indexes.uniqueFields()));
    }

    /** The indexes a schema needs, by name: their keys and options, to compare two schemas' sets. */
    private static Map<String, String> indexSpecs(TableDescriptor table) {
        Map<String, String> specs = new LinkedHashMap<>();
        for (var model : new MongoIndexes(new MongoRecords(table.tableName(), table.schema())).models()) {
            var options = model.getOptions();
            specs.put(options.getName(), model.getKeys().toBsonDocument().toJson()
                    + (options.isUnique() ? " unique" : "")
                    + (options.getPartialFilterExpression() == null ? ""
                    : " partial " + options.getPartialFilterExpression().toBsonDocument().toJson()));
        }
        return specs;
    }

    @Override
    public Uni<List<String>> insert(TableDescriptor table, List<ObjectNode> records) {
        return run(table, (layout, indexes) -> {
            if (records.isEmpty()) {
                return Uni.createFrom().item(List.<String>of());
            }
            List<BsonDocument> documents = records.stream().map(r -> layout.toDocument(r, null)).toList();
            List<BsonValue> ids = documents.stream().map(d -> d.get(MongoRecords.ID)).toList();
            var collection = collection(table);
            // Ordered, so a failure at index i means exactly documents 0..i-1 were written.
            return collection.insertMany(documents, new InsertManyOptions().ordered(true))
                    .onFailure().recoverWithUni(failure -> compensate(collection, documents, failure))
                    .invoke(() -> {
                        if (journal != null) {
                            journal.removing(collection, Filters.in(MongoRecords.ID, ids));
                        }
                    })
                    .chain(() -> collection.find(Filters.in(MongoRecords.ID, ids)).collect().asList())
                    .map(stored -> inInputOrder(layout, ids, stored))
                    .call(stored -> audit(table).write(table.audit(), table.schema(), stored.stream()
                            .map(json -> new MongoAudit.Change("create", null, MongoAudit.parse(json))).toList()));
        });
    }

    @Override
    public Uni<Optional<String>> find(TableDescriptor table, RecordKey key) {
        return run(table, (layout, indexes) -> collection(table)
                .find(layout.keyFilter(key), new FindOptions().limit(1)).collect().first()
                .map(document -> json(layout, document)));
    }

    @Override
    public Uni<Optional<String>> find(TableDescriptor table, RecordKey key, io.datably.query.plan.BoundCondition where) {
        return run(table, (layout, indexes) -> collection(table)
                .find(com.mongodb.client.model.Filters.and(layout.keyFilter(key),
                        new MongoFilterCompiler(layout).compile(where)), new FindOptions().limit(1))
                .collect().first().map(document -> json(layout, document)));
    }

    @Override
    public Uni<Optional<String>> find(TableDescriptor table, RecordKey key, BoundQuery read) {
        return run(table, (layout, indexes) -> {
            Bson filter = read.where() == null ? layout.keyFilter(key)
                    : Filters.and(layout.keyFilter(key), new MongoFilterCompiler(layout).compile(read.where()));
            return collection(table).find(filter, new FindOptions().limit(1)).collect().first()
                    .chain(document -> document == null ? Uni.createFrom().item(Optional.<String>empty())
                            : shaped(layout, document, read));
        });
    }

    /** A stored document as a list renders it: the requested fields, then the expansions. */
    private Uni<Optional<String>> shaped(MongoRecords layout, BsonDocument document, BoundQuery read) {
        ObjectNode record = layout.toRecord(document, read.fields());
        return relations().expand(List.of(document), List.of(record), layout, read.expand())
                .map(ignored -> Optional.of(record.toString()));
    }

    @Override
    public Uni<RecordPage> query(TableDescriptor table, BoundQuery query) {
        return run(table, (layout, indexes) -> relations().resolve(query.where(), layout).chain(related -> {
            var collection = collection(table);
            MongoQueryCompiler.Compiled compiled = new MongoQueryCompiler(layout, related).compile(query);
            // $limit must be positive, so an empty page never reaches the server.
            Uni<List<BsonDocument>> results = query.limit() <= 0 ? Uni.createFrom().item(List.of())
                    : collection.aggregate(compiled.pipeline(), BsonDocument.class).collect().asList();
            Uni<Long> count = switch (query.count()) {
                case NONE -> Uni.createFrom().item(-1L);
                // The estimate is the collection's metadata count, exact only without a filter.
                case PLANNED -> compiled.filter().isEmpty() ? collection.estimatedDocumentCount()
                        : collection.countDocuments(compiled.filter());
                case EXACT -> collection.countDocuments(compiled.filter());
            };
            Uni<List<ObjectNode>> records = results.chain(documents -> {
                List<ObjectNode> page = new ArrayList<>();
                documents.forEach(document -> page.add(layout.toRecord(document, query.fields())));
                return relations().expand(documents, page, layout, query.expand()).replaceWith(page);
            });
            return Uni.combine().all().unis(records, count).asTuple().map(pair -> {
                ArrayNode array = JsonNodeFactory.instance.arrayNode();
                pair.getItem1().forEach(array::add);
                return new RecordPage(pair.getItem2(), array.toString(), array.size());
            });
        }));
    }

    @Override
    public Uni<String> aggregate(TableDescriptor table, io.datably.query.plan.BoundAggregate aggregate) {
        return run(table, (layout, indexes) -> relations().resolve(aggregate.where(), layout)
                .chain(related -> collection(table).aggregate(new MongoAggregateCompiler(layout)
                        .compile(aggregate, related), BsonDocument.class).collect().asList())
                .map(documents -> MongoAggregateCompiler.rows(aggregate, documents)));
    }

    // --- Hierarchies (issue 15): walked level by level in the service (MongoHierarchy) ---

    @Override
    public Uni<io.datably.provider.spi.traversal.Hierarchy.Answer> descendants(TableDescriptor table,
                                                                     io.datably.provider.spi.traversal.Hierarchy.Walk walk) {
        return new MongoHierarchy(this).descendants(table, walk);
    }

    @Override
    public Uni<io.datably.provider.spi.traversal.Hierarchy.Answer> ancestors(TableDescriptor table,
                                                                   io.datably.provider.spi.traversal.Hierarchy.Climb climb) {
        return new MongoHierarchy(this).ancestors(table, climb);
    }

    /** The distinct values of {@code field} among the records meeting {@code where}: one {@code distinct} command. */
    Uni<List<JsonNode>> distinct(TableDescriptor table, Field field, io.datably.query.plan.BoundCondition where) {
        return run(table, (layout, indexes) -> relations().resolve(where, layout).chain(related -> {
            BoundQuery filter = new BoundQuery(where, null, List.of(), 0, 1,
                    io.datably.query.model.CountMode.NONE, List.of());
            var compiled = new MongoQueryCompiler(layout, related).compile(filter);
            return collection(table).distinct(layout.path(field.name()), compiled.filter(), BsonValue.class)
                    .collect().asList().map(values -> values.stream().map(v -> BsonValues.toJson(field, v))
                            .toList());
        }));
    }

    private MongoRelations relations() {
        return new MongoRelations(this::collection);
    }

    @Override
    public Uni<Optional<String>> replace(TableDescriptor table, RecordKey key, ObjectNode record) {
        return run(table, (layout, indexes) -> {
            Bson filter = live(layout, layout.keyFilter(key));
            BsonValue id = layout.idOf(key.values());
            // _id is immutable in MongoDB: the key addresses the record, the record may only repeat it.
            if (!layout.schema().primaryKey().stream().allMatch(f -> record.get(f) == null || record.get(f).isNull())
                    && !layout.idOf(record).equals(id)) {
                throw DatablyException.invalidField(String.join(",", layout.schema().primaryKey()), "immutable",
                        "the primary key of a record cannot be changed");
            }
            return remember(table, filter).chain(() -> before(table, filter)).chain(before -> collection(table)
                            .findOneAndReplace(filter, layout.toDocument(record, id),
                                    new FindOneAndReplaceOptions().returnDocument(ReturnDocument.AFTER))
                            .call(after -> audited(table, layout, "update", before, after)))
                    .map(document -> json(layout, document));
        });
    }

    /** The record an audited change is about to change, as it is (null when not audited or not there). */
    private Uni<BsonDocument> before(TableDescriptor table, Bson filter) {
        return table.audit() == null ? Uni.createFrom().nullItem() : collection(table).find(filter).collect().first();
    }

    /** The entry of a change of one record, when there was one (a missing record changed nothing). */
    private Uni<Void> audited(TableDescriptor table, MongoRecords layout, String action, BsonDocument before,
                              BsonDocument after) {
        return audited(table, layout, action, before, after, null);
    }

    /** The same, both states limited to the fields of {@code changes} (an update's), when given. */
    private Uni<Void> audited(TableDescriptor table, MongoRecords layout, String action, BsonDocument before,
                              BsonDocument after, ObjectNode changes) {
        if (before == null && after == null) {
            return Uni.createFrom().voidItem();
        }
        ObjectNode was = before == null ? null : layout.toRecord(before);
        ObjectNode is = after == null ? null : layout.toRecord(after);
        return audit(table).write(table.audit(), table.schema(), List.of(new MongoAudit.Change(action,
                MongoAudit.only(was, changes), MongoAudit.only(is, changes), is != null ? is : was)));
    }

    private MongoAudit audit(TableDescriptor table) {
        return new MongoAudit(clients.get().getDatabase(table.physical().namespace()), journal);
    }

    /**
     * The update of every document for a change that only moves fields: {@code $rename}, {@code $unset} and
     * {@code $set} (added fields: null or their backfill value). Key fields live in {@code _id}, so renaming one
     * changes no document. Null when one name is both taken and given, which one update cannot do (the service
     * rewrites records instead).
     */
    private static BsonDocument movingFields(Migration migration) {
        List<String> key = migration.before().schema().primaryKey();
        BsonDocument rename = new BsonDocument();
        BsonDocument unset = new BsonDocument();
        BsonDocument set = new BsonDocument();
        Set<String> touched = new HashSet<>();
        for (SchemaDiff.Change change : migration.diff().changes()) {
            boolean clash = false;
            if (change instanceof SchemaDiff.FieldRenamed r && !key.contains(r.from())) {
                rename.append(r.from(), new BsonString(r.field().name()));
                clash = !touched.add(r.from()) | !touched.add(r.field().name());
            } else if (change instanceof SchemaDiff.FieldRemoved r) {
                unset.append(r.field().name(), new BsonString(""));
                clash = !touched.add(r.field().name());
            } else if (change instanceof SchemaDiff.FieldAdded a) {
                set.append(a.field().name(), BsonValues.toBson(a.field(), migration.backfill().get(a.field().name())));
                clash = !touched.add(a.field().name());
            }
            if (clash) {
                return null;
            }
        }
        BsonDocument update = new BsonDocument();
        if (!rename.isEmpty()) {
            update.append("$rename", rename);
        }
        if (!unset.isEmpty()) {
            update.append("$unset", unset);
        }
        if (!set.isEmpty()) {
            update.append("$set", set);
        }
        return update;
    }

    /** One unordered bulk write of replacements for the whole batch. */
    @Override
    public Uni<Void> rewrite(TableDescriptor table, List<RecordKey> keys, List<ObjectNode> records) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return run(table, (layout, indexes) -> {
            List<BsonValue> ids = keys.stream().map(k -> layout.idOf(k.values())).toList();
            return markers(table, ids).chain(marked -> {
                List<ReplaceOneModel<BsonDocument>> replacements = new ArrayList<>();
                for (int i = 0; i < keys.size(); i++) {
                    BsonValue id = ids.get(i);
                    BsonDocument document = layout.toDocument(records.get(i), id);
                    BsonDocument marker = marked.get(id);
                    if (marker != null) {
                        // A replacement is the whole document: a soft-deleted record keeps its mark.
                        document.putAll(marker);
                    }
                    replacements.add(new ReplaceOneModel<>(Filters.eq(MongoRecords.ID, id), document));
                }
                return collection(table).bulkWrite(replacements, new BulkWriteOptions().ordered(false))
                        .replaceWithVoid();
            });
        });
    }

    @Override
    public Uni<Optional<String>> update(TableDescriptor table, RecordKey key, ObjectNode changes) {
        return run(table, (layout, indexes) -> {
            Bson filter = live(layout, layout.keyFilter(key));
            List<Bson> sets = new ArrayList<>();
            changes.fieldNames().forEachRemaining(name -> {
                Field field = layout.field(name);
                if (layout.schema().primaryKey().contains(name)) {
                    throw DatablyException.invalidField(name, "immutable", "a primary key field cannot be changed");
                }
                sets.add(Updates.set(name, BsonValues.toBson(field, changes.get(name))));
            });
            if (sets.isEmpty()) {
                return collection(table).find(filter).collect().first().map(document -> json(layout, document));
            }
            return remember(table, filter).chain(() -> before(table, filter)).chain(before -> collection(table)
                            .findOneAndUpdate(filter, Updates.combine(sets),
                                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER))
                            .call(after -> audited(table, layout, "update", after == null ? null : before, after,
                                    changes)))
                    .map(document -> json(layout, document));
        });
    }

    @Override
    public Uni<Boolean> delete(TableDescriptor table, RecordKey key) {
        return run(table, (layout, indexes) -> remember(table, layout.keyFilter(key))
                .chain(() -> collection(table).findOneAndDelete(layout.keyFilter(key)))
                .call(gone -> audited(table, layout, "delete", gone, null))
                .map(gone -> gone != null));
    }

    @Override
    public Uni<Boolean> exists(TableDescriptor table, List<String> fields, List<JsonNode> values) {
        return run(table, (layout, indexes) -> collection(table)
                .find(layout.equalsFilter(fields, values), new FindOptions().limit(1)).collect().first()
                .map(document -> document != null));
    }

    @Override
    public Uni<TableStats> stats(TableDescriptor table) {
        return run(table, (layout, indexes) -> {
            var database = clients.get().getDatabase(table.physical().namespace());
            Uni<Long> records = collection(table).estimatedDocumentCount();
            // collStats is deprecated upstream and partial on test servers; a missing figure is 0, not an error.
            Uni<Long> bytes = database.runCommand(new BsonDocument("collStats",
                            new BsonString(table.physical().name())))
                    .map(MongoProvider::storageBytes)
                    .onFailure().recoverWithItem(0L);
            return Uni.combine().all().unis(records, bytes).asTuple()
                    .map(pair -> new TableStats(pair.getItem1(), pair.getItem2()));
        });
    }

    @Override
    public Uni<List<IndexInfo>> listIndexes(TableDescriptor table) {
        return run(table, (layout, indexes) -> collection(table).listIndexes(BsonDocument.class).collect().asList()
                .map(specs -> new MongoUserIndexes(layout).list(specs)));
    }

    @Override
    public Uni<String> createIndex(TableDescriptor table, IndexDefinition index) {
        return run(table, (layout, indexes) -> {
            BsonDocument spec = new MongoUserIndexes(layout).spec(index);
            return collection(table).createIndexes(List.of(MongoUserIndexes.model(spec)))
                    .onFailure().transform(failure -> MongoUserIndexes.translate(failure, index))
                    .replaceWith(MongoUserIndexes.createCommand(table.physical().name(), spec));
        });
    }

    @Override
    public Uni<String> dropIndex(TableDescriptor table, IndexInfo index) {
        return run(table, (layout, indexes) -> collection(table).dropIndex(index.physicalName())
                .replaceWith(MongoUserIndexes.dropCommand(table.physical().name(), index.physicalName())));
    }

    // --- Bulk changes by filter and upserts (issue 14): MongoBulk ---

    @Override
    public Uni<io.datably.provider.spi.BulkWrite.Count> changeWhere(TableDescriptor table,
                                                                   io.datably.provider.spi.BulkWrite.Change change) {
        return run(table, (layout, indexes) -> new MongoBulk(collection(table), relations(), layout, indexes)
                .audited(table.audit(), audit(table)).journaled(journal).changeWhere(change));
    }

    @Override
    public Uni<List<io.datably.provider.spi.BulkWrite.Upserted>> upsert(TableDescriptor table,
                                                                       List<ObjectNode> records,
                                                                       List<String> conflictFields) {
        return run(table, (layout, indexes) -> journaled(table, layout, records, conflictFields)
                .chain(() -> new MongoBulk(collection(table), relations(), layout, indexes)
                        .audited(table.audit(), audit(table)).upsert(records, conflictFields)));
    }

    /**
     * In a batch, before an upsert: each record's stored holder of its conflict values journaled to be put back, or,
     * where none holds them, what will hold them journaled to be removed (the upsert creates it).
     */
    private Uni<Void> journaled(TableDescriptor table, MongoRecords layout, List<ObjectNode> records,
                                List<String> conflictFields) {
        if (journal == null) {
            return Uni.createFrom().voidItem();
        }
        var collection = collection(table);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ObjectNode record : records) {
            Bson filter = layout.equalsFilter(conflictFields, conflictFields.stream().map(record::get).toList());
            chain = chain.chain(() -> collection.find(filter).collect().first().chain(stored -> {
                if (stored == null) {
                    journal.removing(collection, filter);
                    return Uni.createFrom().voidItem();
                }
                return journal.remember(collection, Filters.eq(MongoRecords.ID, stored.get(MongoRecords.ID)));
            }));
        }
        return chain;
    }

    /**
     * Runs one operation: availability check first, then the work, with every failure (synchronous or from the
     * driver) translated. Deferred, so nothing is computed until the caller subscribes.
     */
    private <T> Uni<T> run(TableDescriptor table, Operation<T> operation) {
        return Uni.createFrom().deferred(() -> {
            checkAvailable();
            MongoRecords layout = new MongoRecords(table.tableName(), table.schema());
            MongoIndexes indexes = new MongoIndexes(layout);
            return operation.apply(layout, indexes).onFailure().transform(
                    failure -> MongoErrors.translate(failure, table.tableName(), indexes.uniqueFields()));
        });
    }

    // --- Graphs (issue 15): walked by the service a level at a time (MongoGraph) ---

    @Override
    public Uni<List<Graph.Hop>> graphLevel(Graph.Level level) {
        return run(level.graph().nodes(), (layout, indexes) -> new MongoGraph(this::collection, relations())
                .level(level));
    }

    private ReactiveMongoCollection<BsonDocument> collection(TableDescriptor table) {
        return clients.get().getDatabase(table.physical().namespace())
                .getCollection(table.physical().name(), BsonDocument.class);
    }

    // --- Import (issue 14: import and export) ---

    /**
     * MongoDB here has no transactions: a load inserts each batch as a multi-record create does (a failed batch
     * removes its own written part), remembers the ids it wrote, and an abort deletes them. Readers may see the
     * records of a load that is later aborted, and the ids (not the records) of a load are held in memory.
     */
    @Override
    public Uni<BulkLoad> openLoad(TableDescriptor table) {
        checkAvailable();
        List<BsonValue> written = new ArrayList<>();
        return Uni.createFrom().item(new BulkLoad() {
            @Override
            public DataProvider store() {
                return MongoProvider.this;
            }

            @Override
            public Uni<Void> write(List<ObjectNode> records) {
                return run(table, (layout, indexes) -> {
                    if (records.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<BsonDocument> documents = records.stream().map(r -> layout.toDocument(r, null)).toList();
                    var collection = collection(table);
                    return collection.insertMany(documents, new InsertManyOptions().ordered(true))
                            .onFailure().recoverWithUni(failure -> compensate(collection, documents, failure))
                            .invoke(() -> documents.forEach(d -> written.add(d.get(MongoRecords.ID))))
                            .replaceWithVoid();
                });
            }

            @Override
            public Uni<Void> commit() {
                written.clear();
                return Uni.createFrom().voidItem();
            }

            @Override
            public Uni<Void> abort() {
                var collection = collection(table);
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (int from = 0; from < written.size(); from += 10_000) {
                    List<BsonValue> ids = written.subList(from, Math.min(written.size(), from + 10_000));
                    chain = chain.chain(() -> collection.deleteMany(Filters.in(MongoRecords.ID, ids)).replaceWithVoid());
                }
                return chain.invoke(written::clear);
            }
        });
    }

    /** Undoes the part of a failed batch that was written, then fails with the original error. */
    private static <T> Uni<T> compensate(ReactiveMongoCollection<BsonDocument> collection, List<BsonDocument> documents,
                                        Throwable failure) {
        Bson written;
        if (failure instanceof MongoBulkWriteException bulk && !bulk.getWriteErrors().isEmpty()) {
            int firstFailed = bulk.getWriteErrors().get(0).getIndex();
            if (firstFailed == 0) {
                return Uni.createFrom().failure(failure);
            }
            written = Filters.in(MongoRecords.ID,
                    documents.subList(0, firstFailed).stream().map(d -> d.get(MongoRecords.ID)).toList());
        } else {
            // Unknown outcome (e.g. lost connection): remove only documents identical to ours, so a record that
            // existed before with the same key but other values is never touched.
            written = Filters.or(documents.stream().map(d -> (Bson) d).toList());
        }
        return collection.deleteMany(written)
                .onItemOrFailure().transformToUni((result, ignored) -> Uni.createFrom().<T>failure(failure));
    }

    private static List<String> inInputOrder(MongoRecords layout, List<BsonValue> ids, List<BsonDocument> stored) {
        Map<BsonValue, BsonDocument> byId = new HashMap<>();
        stored.forEach(document -> byId.put(document.get(MongoRecords.ID), document));
        return ids.stream().map(id -> {
            BsonDocument document = byId.get(id);
            if (document == null) {
                // Logged by MongoErrors (with the id), answered as a provider error without it.
                throw new IllegalStateException("An inserted record could not be read back (id " + id + ")");
            }
            return layout.toRecord(document).toString();
        }).toList();
    }

    private static Optional<String> json(MongoRecords layout, BsonDocument document) {
        return Optional.ofNullable(document).map(d -> layout.toRecord(d).toString());
    }

    /** Bytes on disk ({@code storageSize}); servers that report 0 there (in-memory ones) give the data size. */
    private static long storageBytes(Document stats) {
        long storage = stats.get("storageSize") instanceof Number n ? n.longValue() : 0L;
        return storage > 0 ? storage : stats.get("size") instanceof Number n ? n.longValue() : 0L;
    }

    /** One provider operation, given the table's document layout and unique indexes. */
    @FunctionalInterface
    private interface Operation<T> {
        Uni<T> apply(MongoRecords layout, MongoIndexes indexes);
    }

    // Soft delete (issue 14): the marker is two top-level fields (SoftDelete), absent on live documents.

    /** The filter also asking for a live record, on a soft-delete table. */
    private static Bson live(MongoRecords layout, Bson filter) {
        return layout.schema().softDelete() ? Filters.and(filter, Filters.eq(SoftDelete.DELETED_AT, null)) : filter;
    }

    /** The markers of the soft-deleted documents among {@code ids}, by id; none for other tables. */
    private Uni<Map<BsonValue, BsonDocument>> markers(TableDescriptor table, List<BsonValue> ids) {
        Map<BsonValue, BsonDocument> marked = new java.util.HashMap<>();
        if (!table.schema().softDelete()) {
            return Uni.createFrom().item(marked);
        }
        return collection(table).find(Filters.and(Filters.in(MongoRecords.ID, ids),
                        Filters.ne(SoftDelete.DELETED_AT, null))).collect().asList().map(documents -> {
                    for (BsonDocument document : documents) {
                        BsonDocument marker = new BsonDocument();
                        SoftDelete.RESERVED.forEach(name -> {
                            if (document.containsKey(name)) {
                                marker.append(name, document.get(name));
                            }
                        });
                        marked.put(document.get(MongoRecords.ID), marker);
                    }
                    return marked;
                });
    }

    @Override
    public Uni<Boolean> softDelete(TableDescriptor table, RecordKey key, String by, java.time.Instant at) {
        return run(table, (layout, indexes) -> remember(table, layout.keyFilter(key)).chain(() -> collection(table)
                .findOneAndUpdate(live(layout, layout.keyFilter(key)), Updates.combine(Updates.set(
                        SoftDelete.DELETED_AT, new org.bson.BsonDateTime(at.toEpochMilli())),
                        Updates.set(SoftDelete.DELETED_BY, new BsonString(by))),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.BEFORE)))
                .call(before -> audited(table, layout, "soft_delete", before, null))
                .map(before -> before != null));
    }

    @Override
    public Uni<Optional<String>> restore(TableDescriptor table, RecordKey key) {
        return run(table, (layout, indexes) -> remember(table, layout.keyFilter(key)).chain(() -> collection(table)
                .findOneAndUpdate(Filters.and(layout.keyFilter(key), Filters.ne(SoftDelete.DELETED_AT, null)),
                        Updates.combine(Updates.unset(SoftDelete.DELETED_AT), Updates.unset(SoftDelete.DELETED_BY)),
                        new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER)))
                .call(after -> audited(table, layout, "restore", null, after))
                .map(document -> json(layout, document)));
    }

    // --- Audit trail (issue 14): MongoAudit ---

    @Override
    public Uni<Void> prepareAudit(String namespace) {
        return Uni.createFrom().deferred(() -> {
            checkAvailable();
            return Uni.createFrom().voidItem();
        });
    }

    @Override
    public Uni<RecordPage> auditEntries(String namespace, io.datably.provider.spi.Audit.Query query) {
        return Uni.createFrom().deferred(() -> {
            checkAvailable();
            return new MongoAudit(clients.get().getDatabase(namespace)).read(query);
        });
    }

    @Override
    public Uni<Void> appendAudit(String namespace, io.datably.provider.spi.Audit.Entry entry) {
        return Uni.createFrom().deferred(() -> {
            checkAvailable();
            return new MongoAudit(clients.get().getDatabase(namespace)).append(entry);
        });
    }

    @Override
    public Uni<Long> pruneAudit(String namespace, java.time.Instant cutoff) {
        return Uni.createFrom().deferred(() -> {
            checkAvailable();
            return new MongoAudit(clients.get().getDatabase(namespace)).prune(cutoff);
        });
    }
}
