package io.datably.provider.pgflat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.Capabilities;
import io.datably.provider.spi.Migration;
import io.datably.provider.spi.MigrationPlan;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.RecordKey;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.sql.ColumnAccess;
import io.datably.provider.sql.CompactJson;
import io.datably.provider.sql.PgErrors;
import io.datably.query.plan.BoundQuery;
import io.datably.provider.sql.PgProvider;
import io.datably.provider.sql.RowRendering;
import io.datably.provider.sql.SqlAudit;
import io.datably.provider.sql.PgTypes;
import io.datably.provider.sql.PgValueLimits;
import io.datably.provider.sql.Sql;
import io.datably.provider.sql.SqlSoftDelete;
import io.datably.provider.sql.SqlIndexes;
import io.datably.schema.evolution.LiquibaseRunner;
import io.datably.schema.evolution.LiquibaseRunner.ChangeSetSpec;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.TableSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import io.datably.query.model.Op;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import liquibase.change.Change;
import liquibase.change.core.RawSQLChange;

/**
 * {@code flat_table}: one PostgreSQL column per field, with the schema's keys and constraints enforced by
 * PostgreSQL itself. Records travel to PostgreSQL as one jsonb parameter and come back as JSON that PostgreSQL
 * renders, so no value is ever spliced into SQL text.
 */
@Singleton
public class FlatTableProvider extends PgProvider {
    private static final int MAX_IDENTIFIER_BYTES = 63;
    /** Every PostgreSQL table has these columns already (names are case-sensitive: "CTID" is free). */
    private static final List<String> SYSTEM_COLUMNS = List.of("ctid", "xmin", "xmax", "cmin", "cmax", "tableoid");
    private static final Capabilities CAPABILITIES = new Capabilities(true, true, EnumSet.allOf(Op.class), true,
            PgValueLimits.FLAT, true);
    private final LiquibaseRunner liquibase;
    private final SqlIndexes indexes;
    private final ValueRefusals refusals;
    private final FlatBulk bulk;

    @jakarta.inject.Inject
    public FlatTableProvider(Pool pool, ObjectMapper mapper, LiquibaseRunner liquibase) {
        super(pool, mapper);
        this.liquibase = liquibase;
        this.indexes = new SqlIndexes(pool, liquibase, access(), new FlatIndexKeys(), providerType());
        this.refusals = new ValueRefusals(pool);
        this.bulk = new FlatBulk(statements, mapper, access(), refusals);
    }

    /**
     * A copy running its record statements on {@code statements} (a batch's transaction). Refused values are still
     * explained on the pool: by then the transaction's statement has failed, and the explanation only reads.
     */
    private FlatTableProvider(FlatTableProvider base, Statements statements) {
        super(base, statements);
        this.liquibase = base.liquibase;
        this.indexes = base.indexes;
        this.refusals = base.refusals;
        this.bulk = new FlatBulk(statements, mapper, access(), refusals);
    }

    @Override
    protected FlatTableProvider on(Statements statements) {
        return new FlatTableProvider(this, statements);
    }

    @Override
    public String providerType() {
        return "flat_table";
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public List<ProblemItem> storageProblems(TableSchema schema) {
        List<ProblemItem> problems = new ArrayList<>();
        for (int i = 0; i < schema.fields().size(); i++) {
            String name = schema.fields().get(i).name();
            if (name.getBytes(StandardCharsets.UTF_8).length > MAX_IDENTIFIER_BYTES) {
                problems.add(new ProblemItem("json_schema.fields[" + i + "].name", "name_too_long",
                        "flat_table columns are PostgreSQL identifiers: at most 63 bytes"));
            } else if (name.indexOf('\0') >= 0) {
                problems.add(new ProblemItem("json_schema.fields[" + i + "].name", "invalid_name",
                        "must not contain NUL characters"));
            } else if (SYSTEM_COLUMNS.contains(name)) {
                problems.add(new ProblemItem("json_schema.fields[" + i + "].name", "reserved_name",
                        "'" + name + "' is a PostgreSQL system column of every table; flat_table columns cannot "
                                + "take the names " + SYSTEM_COLUMNS));
            }
        }
        return problems;
    }

    @Override
    public Uni<MigrationPlan> materialize(TableDescriptor table) {
        String name = table.physical().name();
        List<Change> changes = new ArrayList<>();
        changes.add(new RawSQLChange(FlatTableDdl.createTable(table)));
        FlatTableDdl.indexes(table, access()).values().forEach(sql -> changes.add(new RawSQLChange(sql)));
        changes.addAll(SqlSoftDelete.created(table.physical(), table.schema()));
        List<ChangeSetSpec> changeSets = List.of(new ChangeSetSpec(name + "-create", changes));
        LiquibaseRunner.Preview preview = LiquibaseRunner.preview(table.physical().namespace(), "datably/" + name,
                changeSets);
        return liquibase.apply(table.physical().namespace(), "datably/" + name, changeSets)
                .replaceWith(new MigrationPlan(changeSets, preview.changelog(), preview.sql(), List.of(), true));
    }

    @Override
    public MigrationPlan planMigration(Migration migration) {
        return FlatTableMigration.plan(migration, access());
    }

    @Override
    public Uni<Void> applyMigration(Migration migration, MigrationPlan plan) {
        if (plan.changeSets().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        PhysicalTable table = migration.after().physical();
        return liquibase.apply(table.namespace(), FlatTableMigration.changeLogPath(table), migration.withCatalogSwitch(plan));
    }

    /**
     * One statement per run of records that give the same store-generated fields (usually one run); several runs
     * share a transaction, so a batch stays all or nothing. A generated field left out gets the column's default.
     * A value a column's type refuses is named {@code [i].field} ({@link ValueRefusals}).
     */
    @Override
    public Uni<List<String>> insert(TableDescriptor table, List<ObjectNode> records) {
        TableSchema schema = table.schema();
        List<List<ObjectNode>> runs = runs(schema, records);
        boolean syncSequences = schema.fields().stream().anyMatch(f -> f.generated()
                && f.type() == FieldType.INTEGER && records.stream().anyMatch(r -> r.has(f.name())));
        ArrayNode docs = docs(schema, records);
        if (runs.size() == 1 && !syncSequences) {
            return execute(insertSql(table, records.get(0)), audited(table, Tuple.of(json(docs))))
                    .map(PgProvider::firstColumn)
                    .onFailure().recoverWithUni(failure -> refusals.explain(table, failure, docs, true, null));
        }
        return statements.transaction(connection -> insertRuns(connection, table, records, runs, true))
                .onFailure().recoverWithUni(failure -> refusals.explain(table, failure, docs, true, null));
    }

    /** The records split into runs that give the same store-generated fields, in input order. */
    static List<List<ObjectNode>> runs(TableSchema schema, List<ObjectNode> records) {
        List<List<ObjectNode>> runs = new ArrayList<>();
        List<String> previous = null;
        for (ObjectNode record : records) {
            List<String> given = schema.fields().stream().filter(f -> f.generated() && record.has(f.name()))
                    .map(Field::name).toList();
            if (!given.equals(previous)) {
                runs.add(new ArrayList<>());
                previous = given;
            }
            runs.get(runs.size() - 1).add(record);
        }
        return runs;
    }

    /** An import's batch, in its load's transaction: the runs of {@link #insert}, then the sequences moved on. */
    @Override
    protected Uni<Void> loadBatch(SqlConnection connection, TableDescriptor table, List<ObjectNode> records) {
        return insertRuns(connection, table, records, runs(table.schema(), records), false).replaceWithVoid()
                .onFailure().recoverWithUni(failure -> refusals.explain(table, failure,
                        docs(table.schema(), records), true, null));
    }

    private Uni<List<String>> insertRuns(SqlConnection connection, TableDescriptor table, List<ObjectNode> records,
                                         List<List<ObjectNode>> runs, boolean returning) {
        TableSchema schema = table.schema();
        List<String> stored = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<ObjectNode> run : runs) {
            Tuple params = Tuple.of(json(docs(schema, run)));
            chain = chain.chain(() -> connection.preparedQuery(insertSql(table, run.get(0), returning))
                    .execute(returning ? audited(table, params) : params).map(rows -> {
                        rows.forEach(row -> stored.add(CompactJson.of(row.getString(0))));
                        return rows;
                    }).replaceWithVoid());
        }
        return thenSyncSequences(chain, connection, table, records).replaceWith(stored);
    }

    /**
     * {@code chain}, then each generated integer field's sequence moved past the values {@code records} gave it (so
     * later generated keys do not collide with them), on the same connection.
     */
    static Uni<Void> thenSyncSequences(Uni<Void> chain, SqlConnection connection, TableDescriptor table,
                                       List<ObjectNode> records) {
        for (Field field : table.schema().fields()) {
            if (field.generated() && field.type() == FieldType.INTEGER
                    && records.stream().anyMatch(r -> r.has(field.name()))) {
                chain = chain.chain(() -> connection.preparedQuery(syncSequenceSql(table, field))
                        .execute(Tuple.of(Sql.table(table.physical()), field.name())).replaceWithVoid());
            }
        }
        return chain;
    }

    /** The records as the JSON array the write statements read, values in their stored form ({@link #encode}). */
    static ArrayNode docs(TableSchema schema, List<ObjectNode> records) {
        ArrayNode docs = JsonNodeFactory.instance.arrayNode();
        records.forEach(r -> docs.add(encode(schema, r)));
        return docs;
    }

    /**
     * The INSERT of records shaped like {@code sample}: generated fields it leaves out are left to their default. The
     * records are {@code $1}; an audit entry per record is written by the same statement ({@link SqlAudit}: actor and
     * request id are {@code $2}, {@code $3}).
     */
    private static String insertSql(TableDescriptor table, ObjectNode sample) {
        return insertSql(table, sample, true);
    }

    /** Without {@code returning}, the bare INSERT: an import does not read its rows back (nor audits each one). */
    private static String insertSql(TableDescriptor table, ObjectNode sample, boolean returning) {
        TableSchema schema = table.schema();
        List<Field> fields = schema.fields().stream().filter(f -> !f.generated() || sample.has(f.name())).toList();
        String columns = fields.stream().map(f -> Sql.quote(f.name())).collect(Collectors.joining(", "));
        String values = fields.stream().map(f -> value(table, f, "e.doc")).collect(Collectors.joining(", "));
        String insert = "INSERT INTO " + Sql.table(table.physical()) + (fields.isEmpty() ? " DEFAULT VALUES"
                : " (" + columns + ") SELECT " + values + " FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY"
                + " AS e(doc, n) ORDER BY e.n");
        return returning ? "WITH stored AS (" + insert + " RETURNING *)" + audit(table, 2).entries("stored",
                "'create'", SqlAudit.Kept.AFTER) + " " + selectJson(schema, "stored") : insert;
    }

    /**
     * A record's value for its column, from the jsonb expression {@code doc}. An adopted column read as its text form
     * (a range, inet, an enum...) takes the text through its own type's input, as no cast from text to it may be
     * assumed in an assignment; the type is the column's own (the table's row type), never a name written here.
     */
    static String value(TableDescriptor table, Field field, String doc) {
        return PgTypes.isTextForm(field) ? ownType(table, field, doc) : PgTypes.fromJson(field, doc);
    }

    /**
     * The field's value in {@code doc}, read by its column type's input (the table's row type names it). The base
     * record is any row of the table: from a null one PostgreSQL would also run every other column's domain check on
     * a null, which a domain declared NOT NULL refuses (only an empty table still meets that).
     */
    static String ownType(TableDescriptor table, Field field, String doc) {
        String key = Sql.literal(field.name());
        String rows = Sql.table(table.physical());
        return "(jsonb_populate_record((SELECT b FROM " + rows + " AS b LIMIT 1), jsonb_build_object(" + key + ", "
                + doc + " -> " + key + ")))." + Sql.quote(field.name());
    }

    /**
     * A column compared with a record's value, for {@link #exists}: text forms compare as text, so a value the
     * column's type would refuse matches nothing rather than failing the check.
     */
    private static String equalsValue(Field field, String doc) {
        String column = Sql.quote(field.name());
        return (PgTypes.isTextForm(field) ? PgTypes.read(field, column) : column) + " = "
                + PgTypes.fromJson(field, doc);
    }

    /**
     * After records gave explicit values to a serial or identity column, its sequence moves past the largest value,
     * so later generated keys never collide with them (PHP-CRUD-API clients supply keys of their own).
     */
    static String syncSequenceSql(TableDescriptor table, Field field) {
        String max = "(SELECT max(" + Sql.quote(field.name()) + ") FROM " + Sql.table(table.physical()) + ")";
        return "SELECT setval(q.seq::regclass, " + max + ") FROM (SELECT pg_get_serial_sequence($1, $2) AS seq) q "
                + "WHERE q.seq IS NOT NULL AND " + max + " > coalesce(pg_sequence_last_value(q.seq::regclass), 0)";
    }

    @Override
    public Uni<Optional<String>> find(TableDescriptor table, RecordKey key) {
        ObjectNode keyDoc = keyDoc(table.schema(), key);
        return execute(findSql(table), Tuple.of(json(keyDoc))).map(FlatTableProvider::firstText)
                .onFailure().recoverWithUni(failure -> refusals.explain(table, failure, null, false, keyDoc));
    }

    @Override
    public Uni<Optional<String>> find(TableDescriptor table, RecordKey key, io.datably.query.plan.BoundCondition where) {
        ObjectNode keyDoc = keyDoc(table.schema(), key);
        // The filter's values are parameters after the key's: one prepared statement per filter shape, whoever asks.
        List<Object> params = new ArrayList<>(List.of(json(keyDoc)));
        String filter = io.datably.provider.sql.SqlQueryCompiler.condition(where, access(), params);
        String sql = selectJson(table.schema(), Sql.table(table.physical()) + " AS t WHERE " + keyCondition(table, "$1")
                + " AND " + filter);
        return execute(sql, Tuple.tuple(params)).map(FlatTableProvider::firstText)
                .onFailure().recoverWithUni(failure -> refusals.explain(table, failure, null, false, keyDoc));
    }

    @Override
    public Uni<Optional<String>> find(TableDescriptor table, RecordKey key, BoundQuery read) {
        ObjectNode keyDoc = keyDoc(table.schema(), key);
        return findShaped(table, keyCondition(table, "$1"), json(keyDoc), read)
                .onFailure().recoverWithUni(failure -> refusals.explain(table, failure, null, false, keyDoc));
    }

    /** The record whose key is in the jsonb document {@code $1}. */
    static String findSql(TableDescriptor table) {
        return selectJson(table.schema(), Sql.table(table.physical()) + " WHERE " + keyCondition(table, "$1"));
    }

    @Override
    public Uni<List<io.datably.provider.spi.ExistingTable>> existingTables(String namespace) {
        return new TableIntrospector(pool).describe(namespace).onFailure().transform(PgErrors::translate);
    }

    @Override
    protected SqlIndexes indexes() {
        return indexes;
    }

    /** A column, as its field's type reads it (adopted columns of other types converted: {@link PgTypes#read}). */
    @Override
    public ColumnAccess access() {
        return ROWS.access();
    }

    @Override
    public String document(String row, TableSchema schema, List<Field> fields, List<Member> extras) {
        return ROWS.document(row, schema, fields, extras);
    }

    @Override
    public String rowIdentity(String alias, TableSchema schema) {
        return ROWS.rowIdentity(alias, schema);
    }

    /** How flat_table reads and renders rows; stateless, so statements can be built without a provider. */
    static final RowRendering ROWS = new RowRendering() {
        @Override
        public ColumnAccess access() {
            return (row, f) -> PgTypes.read(f, row == null ? Sql.quote(f.name()) : row + "." + Sql.quote(f.name()));
        }

        /** One row_to_json per record keeps the schema's field order (then the extras), for any field count. */
        @Override
        public String document(String row, TableSchema schema, List<Field> fields, List<Member> extras) {
            List<String> members = new ArrayList<>();
            fields.forEach(f -> members.add(PgTypes.toJson(f, access().column(row, f)) + " AS "
                    + Sql.quote(f.name())));
            extras.forEach(m -> members.add(m.json() + " AS " + Sql.quote(m.name())));
            return "(SELECT row_to_json(x.*) FROM (SELECT " + String.join(", ", members) + ") x)";
        }

        @Override
        public String rowIdentity(String alias, TableSchema schema) {
            // An adopted view has no ctid: its rows order by their whole text form (stable for equal content).
            return schema.readOnly() ? "ROW(" + alias + ".*)::text" : alias + ".ctid";
        }
    };

    /** The audit entries of a write to {@code table} whose actor is parameter {@code $actorParam}. */
    static SqlAudit audit(TableDescriptor table, int actorParam) {
        return new SqlAudit(table, ROWS, actorParam);
    }

    /** A write's parameters with the audit's (actor, request id) after them, when audited. */
    static Tuple audited(TableDescriptor table, Tuple params) {
        audit(table, 0).params().forEach(params::addValue);
        return params;
    }

    @Override
    public Uni<Optional<String>> replace(TableDescriptor table, RecordKey key, ObjectNode record) {
        return updateFields(table, key, record);
    }

    @Override
    public Uni<Optional<String>> update(TableDescriptor table, RecordKey key, ObjectNode changes) {
        return updateFields(table, key, changes);
    }

    @Override
    public Uni<Boolean> delete(TableDescriptor table, RecordKey key) {
        ObjectNode keyDoc = keyDoc(table.schema(), key);
        return execute(deleteSql(table), audited(table, Tuple.of(json(keyDoc))))
                .map(rows -> rows.iterator().next().getLong(0) > 0)
                .onFailure().recoverWithUni(failure -> refusals.explain(table, failure, null, false, keyDoc));
    }

    /** Deletes the record whose key is in the jsonb document {@code $1}; answers how many went (0 or 1). */
    static String deleteSql(TableDescriptor table) {
        return "WITH gone AS (DELETE FROM " + Sql.table(table.physical()) + " WHERE " + keyCondition(table, "$1")
                + " RETURNING *)" + audit(table, 2).entries("gone", "'delete'", SqlAudit.Kept.BEFORE)
                + " SELECT count(*) FROM gone";
    }

    @Override
    public Uni<Boolean> exists(TableDescriptor table, List<String> fields, List<JsonNode> values) {
        TableSchema schema = table.schema();
        ObjectNode doc = mapper.createObjectNode();
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Field field = schema.field(fields.get(i)).orElseThrow();
            doc.set(field.name(), values.get(i));
            conditions.add(equalsValue(field, "$1::text::jsonb"));
        }
        return run("SELECT EXISTS (SELECT 1 FROM " + Sql.table(table.physical()) + " WHERE "
                + String.join(" AND ", conditions) + ")", Tuple.of(json(encode(schema, doc))))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** Sets the fields present in {@code values} on the record with {@code key}; answers the record as stored. */
    private Uni<Optional<String>> updateFields(TableDescriptor table, RecordKey key, ObjectNode values) {
        TableSchema schema = table.schema();
        ObjectNode encoded = encode(schema, values);
        ObjectNode keyDoc = keyDoc(schema, key);
        return execute(updateSql(table, values), audited(table, Tuple.of(json(encoded), json(keyDoc))))
                .map(FlatTableProvider::firstText).onFailure().recoverWithUni(failure -> refusals.explain(table,
                        failure, mapper.createArrayNode().add(encoded), false, keyDoc));
    }

    private static Optional<String> firstText(RowSet<Row> rows) {
        return firstColumn(rows).stream().findFirst();
    }

    /** Sets the fields present in {@code values} (from {@code $1}) on the record whose key is in {@code $2}. */
    static String updateSql(TableDescriptor table, ObjectNode values) {
        TableSchema schema = table.schema();
        String assignments = schema.fields().stream().filter(f -> values.has(f.name()))
                .map(f -> Sql.quote(f.name()) + " = " + value(table, f, "$1::text::jsonb"))
                .collect(Collectors.joining(", "));
        // A soft-deleted record is not there to change: restore it first.
        String where = keyCondition(table, "$2") + SqlSoftDelete.andLive(schema);
        SqlAudit audit = audit(table, 3);
        return "WITH stored AS (UPDATE " + Sql.table(table.physical()) + " SET " + assignments + " WHERE " + where
                + " RETURNING *)" + audit.updates("stored", where, schema.fields().stream()
                .filter(f -> values.has(f.name())).toList()) + " "
                + selectJson(schema, "stored");
    }

    private static String selectJson(TableSchema schema, String from) {
        return "SELECT row_to_json(r.*)::text FROM (SELECT " + jsonColumns(schema) + " FROM " + from + ") r";
    }

    static String jsonColumns(TableSchema schema) {
        return schema.fields().stream().map(f -> PgTypes.toJson(f, PgTypes.read(f, Sql.quote(f.name()))) + " AS "
                + Sql.quote(f.name()))
                .collect(Collectors.joining(", "));
    }

    /**
     * The record with the key in the jsonb parameter {@code param}. Each key value is read as its column's own type
     * (a text-form column's through the type's input, as a write reads it), so the comparison is the column type's
     * own and the primary key index serves it; a value the type refuses fails the statement, and
     * {@link ValueRefusals} names it.
     */
    private static String keyCondition(TableDescriptor table, String param) {
        TableSchema schema = table.schema();
        return schema.primaryKey().stream().map(pk -> Sql.quote(pk) + " = " + value(table,
                schema.field(pk).orElseThrow(), param + "::text::jsonb")).collect(Collectors.joining(" AND "));
    }

    private ObjectNode keyDoc(TableSchema schema, RecordKey key) {
        ObjectNode doc = mapper.createObjectNode();
        for (int i = 0; i < schema.primaryKey().size(); i++) {
            doc.set(schema.primaryKey().get(i), key.values().get(i));
        }
        return encode(schema, doc);
    }

    // --- Bulk changes by filter and upserts (issue 14): FlatBulk ---

    @Override
    public Uni<io.datably.provider.spi.BulkWrite.Count> changeWhere(TableDescriptor table,
                                                                   io.datably.provider.spi.BulkWrite.Change change) {
        return bulk.changeWhere(table, change);
    }

    @Override
    public Uni<List<io.datably.provider.spi.BulkWrite.Upserted>> upsert(TableDescriptor table,
                                                                       List<ObjectNode> records,
                                                                       List<String> conflictFields) {
        return bulk.upsert(table, records, conflictFields);
    }

    /**
     * Canonical values PostgreSQL would not parse as is: the schema's "INF" is PostgreSQL's "Infinity", a negative
     * duration for an interval column is signed per part ({@link PgTypes#storedForm}).
     */
    static ObjectNode encode(TableSchema schema, ObjectNode record) {
        ObjectNode copy = null;
        for (Field field : schema.fields()) {
            JsonNode value = record.get(field.name());
            if (value != null && !value.isNull() && !PgTypes.storedForm(field, value).equals(value.asText())) {
                copy = copy == null ? record.deepCopy() : copy;
                copy.set(field.name(), TextNode.valueOf(PgTypes.storedForm(field, value)));
            }
        }
        return copy == null ? record : copy;
    }

    // Soft delete (issue 14): marking and restoring one record; purging is delete().

    @Override
    public Uni<Boolean> softDelete(TableDescriptor table, RecordKey key, String by, java.time.Instant at) {
        ObjectNode keyDoc = keyDoc(table.schema(), key);
        return execute("WITH marked AS (UPDATE " + Sql.table(table.physical()) + " SET "
                + SqlSoftDelete.mark("$2", "$3") + " WHERE " + keyCondition(table, "$1") + " AND "
                + SqlSoftDelete.live() + " RETURNING *)" + audit(table, 4).entries("marked", "'soft_delete'",
                SqlAudit.Kept.BEFORE) + " SELECT count(*) FROM marked",
                audited(table, Tuple.of(json(keyDoc), at.toString(), by)))
                .map(rows -> rows.iterator().next().getLong(0) > 0)
                .onFailure().recoverWithUni(failure -> refusals.explain(table, failure, null, false, keyDoc));
    }

    @Override
    public Uni<Optional<String>> restore(TableDescriptor table, RecordKey key) {
        ObjectNode keyDoc = keyDoc(table.schema(), key);
        return execute("WITH stored AS (UPDATE " + Sql.table(table.physical()) + " SET " + SqlSoftDelete.unmark()
                + " WHERE " + keyCondition(table, "$1") + " AND " + SqlSoftDelete.deleted() + " RETURNING *)"
                + audit(table, 2).entries("stored", "'restore'", SqlAudit.Kept.AFTER) + " "
                + selectJson(table.schema(), "stored"), audited(table, Tuple.of(json(keyDoc))))
                .map(FlatTableProvider::firstText)
                .onFailure().recoverWithUni(failure -> refusals.explain(table, failure, null, false, keyDoc));
    }
}
