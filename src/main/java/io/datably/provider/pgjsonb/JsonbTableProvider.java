package io.datably.provider.pgjsonb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.Capabilities;
import io.datably.provider.spi.Migration;
import io.datably.provider.spi.MigrationPlan;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.RecordKey;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.sql.ColumnAccess;
import io.datably.provider.sql.PgErrors;
import io.datably.provider.sql.PgProvider;
import io.datably.provider.sql.PgTypes;
import io.datably.provider.sql.PgValueLimits;
import io.datably.provider.sql.Sql;
import io.datably.provider.sql.SqlAudit;
import io.datably.provider.sql.SqlSoftDelete;
import io.datably.provider.sql.SqlIndexes;
import io.datably.provider.sql.SqlQueryCompiler;
import io.datably.query.plan.BoundQuery;
import io.datably.schema.model.SearchConfig;
import io.datably.schema.evolution.LiquibaseRunner;
import io.datably.schema.evolution.LiquibaseRunner.ChangeSetSpec;
import io.datably.schema.evolution.SchemaDiff;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.SoftDelete;
import io.datably.schema.model.TableSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import io.datably.query.model.Op;
import io.datably.provider.sql.PgErrors;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import liquibase.change.Change;
import liquibase.change.core.RawSQLChange;

/**
 * {@code jsonb}: each record is one canonical JSON document in a {@code (key, data, seq, timestamps)} table with a
 * GIN index. The primary key is enforced through {@code key}, unique fields through unique expression indexes;
 * schema changes rewrite documents (one UPDATE when fields only move) and the indexes the schema implies.
 * References are checked by the service (see ReferenceChecker).
 */
@Singleton
public class JsonbTableProvider extends PgProvider {
    private static final Capabilities CAPABILITIES = new Capabilities(false, true, EnumSet.allOf(Op.class), true,
            PgValueLimits.JSONB);
    private final LiquibaseRunner liquibase;
    private final SqlIndexes indexes;

    @jakarta.inject.Inject
    public JsonbTableProvider(Pool pool, ObjectMapper mapper, LiquibaseRunner liquibase) {
        super(pool, mapper);
        this.liquibase = liquibase;
        this.indexes = new SqlIndexes(pool, liquibase, access(), new JsonbIndexKeys(), providerType());
    }

    /** A copy running its record statements on {@code statements} (a batch's transaction). */
    private JsonbTableProvider(JsonbTableProvider base, Statements statements) {
        super(base, statements);
        this.liquibase = base.liquibase;
        this.indexes = base.indexes;
    }

    @Override
    protected JsonbTableProvider on(Statements statements) {
        return new JsonbTableProvider(this, statements);
    }

    @Override
    public String providerType() {
        return "jsonb";
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    /** Field names are jsonb keys, and jsonb cannot hold the NUL character. */
    @Override
    public List<ProblemItem> storageProblems(TableSchema schema) {
        List<ProblemItem> problems = new ArrayList<>();
        for (int i = 0; i < schema.fields().size(); i++) {
            if (schema.fields().get(i).name().indexOf('\0') >= 0) {
                problems.add(new ProblemItem("json_schema.fields[" + i + "].name", "invalid_name",
                        "must not contain NUL characters"));
            }
        }
        return problems;
    }

    @Override
    public Uni<MigrationPlan> materialize(TableDescriptor table) {
        TableSchema schema = table.schema();
        String name = table.physical().name();
        String qualified = Sql.table(table.physical());
        String keyDefault = schema.primaryKey().isEmpty() ? " DEFAULT gen_random_uuid()::text" : "";
        List<Change> changes = new ArrayList<>();
        changes.add(new RawSQLChange("CREATE TABLE " + qualified + " (key text" + keyDefault + " CONSTRAINT "
                + Sql.quote(name + "_pk") + " PRIMARY KEY, data jsonb NOT NULL, "
                + "seq bigint GENERATED ALWAYS AS IDENTITY, created_at timestamptz NOT NULL DEFAULT now(), "
                + "updated_at timestamptz NOT NULL DEFAULT now())"));
        derivedIndexes(table).values().forEach(sql -> changes.add(new RawSQLChange(sql)));
        changes.addAll(SqlSoftDelete.created(table.physical(), schema));
        List<ChangeSetSpec> changeSets = List.of(new ChangeSetSpec(name + "-create", changes));
        LiquibaseRunner.Preview preview = LiquibaseRunner.preview(table.physical().namespace(), "datably/" + name,
                changeSets);
        return liquibase.apply(table.physical().namespace(), "datably/" + name, changeSets)
                .replaceWith(new MigrationPlan(changeSets, preview.changelog(), preview.sql(), List.of(), true));
    }

    /**
     * The indexes of a table's layout by name, as CREATE INDEX statements: GIN over the documents, the insertion
     * sequence, the primary key's value, full text, referencing fields, unique fields and keys. Names are positional
     * ({@code _uq<n>}, {@code _fk<n>x}): a migration drops and re-creates those whose statement changes.
     */
    private Map<String, String> derivedIndexes(TableDescriptor table) {
        TableSchema schema = table.schema();
        Map<String, String> indexes = new LinkedHashMap<>();
        index(indexes, table, "_gin", "USING gin (data jsonb_path_ops)");
        index(indexes, table, "_seq", "(seq)");
        if (schema.primaryKey().size() == 1) {
            // Lists are ordered by the primary key: give that ordering an index. Only types whose text-to-value
            // cast is immutable can be indexed (not dates and timestamps, whose parsing depends on settings).
            Field pk = schema.field(schema.primaryKey().get(0)).orElseThrow();
            if (pk.type() == FieldType.INTEGER || pk.type() == FieldType.NUMBER || pk.type() == FieldType.STRING) {
                index(indexes, table, "_pkx", "((" + value(pk, "data") + "))");
            }
        }
        SearchConfig search = SearchConfig.of(schema);
        if (!search.fields().isEmpty()) {
            index(indexes, table, "_fts", "USING gin (" + SqlQueryCompiler.searchVector(search.fields(),
                    search.language(), f -> access().column(null, f)) + ")");
        }
        // Relation filters and expansions join on referencing fields: index them where the cast is immutable.
        for (int i = 0; i < schema.foreignKeys().size(); i++) {
            List<Field> fields = schema.foreignKeys().get(i).fields().stream()
                    .map(f -> schema.field(f).orElseThrow()).toList();
            boolean indexable = fields.stream().allMatch(f -> f.type() == FieldType.INTEGER
                    || f.type() == FieldType.NUMBER || f.type() == FieldType.STRING);
            if (indexable && !schema.isKey(schema.foreignKeys().get(i).fields())) {
                index(indexes, table, "_fk" + i + "x", "(" + fields.stream().map(f -> "(" + value(f, "data") + ")")
                        .collect(Collectors.joining(", ")) + ")");
            }
        }
        List<List<Field>> uniques = new ArrayList<>();
        for (Field field : schema.fields()) {
            if (field.constraints().unique() && !schema.primaryKey().equals(List.of(field.name()))) {
                uniques.add(List.of(field));
            }
        }
        schema.uniqueKeys().forEach(key -> uniques.add(key.stream().map(f -> schema.field(f).orElseThrow()).toList()));
        for (int i = 0; i < uniques.size(); i++) {
            // Nulls are exempt, as the schema's unique rule says (PostgreSQL's default for unique indexes).
            String name = table.physical().name() + "_uq" + i;
            indexes.put(name, "CREATE UNIQUE INDEX " + Sql.quote(name) + " ON " + Sql.table(table.physical()) + " ("
                    + uniques.get(i).stream().map(JsonbTableProvider::indexExpression)
                    .collect(Collectors.joining(", ")) + ")");
        }
        return indexes;
    }

    private static void index(Map<String, String> indexes, TableDescriptor table, String suffix, String definition) {
        String name = table.physical().name() + suffix;
        indexes.put(name, "CREATE INDEX " + Sql.quote(name) + " ON " + Sql.table(table.physical()) + " " + definition);
    }

    /**
     * Records are rewritten by the service (they are documents); the store's part is the indexes whose
     * definition changes. The key column cannot follow a new primary key, so that change is refused.
     */
    @Override
    public MigrationPlan planMigration(Migration migration) {
        if (migration.diff().changes().stream().anyMatch(c -> c instanceof SchemaDiff.PrimaryKeyChanged)) {
            throw new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER, "The jsonb provider stores the primary "
                    + "key apart from the record: a table's primaryKey cannot be changed (only its fields renamed)",
                    List.of(new ProblemItem("json_schema.primaryKey", "unsupported", "cannot be changed on jsonb")));
        }
        Map<String, String> before = derivedIndexes(migration.before());
        Map<String, String> after = derivedIndexes(migration.after());
        PhysicalTable table = migration.after().physical();
        List<String> dropped = before.keySet().stream()
                .filter(name -> !before.get(name).equals(after.get(name))).toList();
        List<String> created = after.keySet().stream()
                .filter(name -> !after.get(name).equals(before.get(name))).toList();
        boolean moves = migration.diff().onlyMovesFields(migration.backfill().keySet());
        List<Change> prebuild = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        if (moves) {
            // Values keep their types, so the new indexes can be built first, CONCURRENTLY (no lock on the table)
            // under a temporary name; the transaction then moves the fields (row locks only, the new indexes kept up
            // to date), drops the old indexes and renames the new ones: the table is locked only for those instants.
            for (String name : created) {
                prebuild.add(new RawSQLChange("DROP INDEX CONCURRENTLY IF EXISTS " + index(table, building(name))));
                prebuild.add(new RawSQLChange(after.get(name).replaceFirst(java.util.regex.Pattern.quote(
                        "INDEX " + Sql.quote(name)), "INDEX CONCURRENTLY " + Sql.quote(building(name)))));
            }
            if (!migration.diff().isEmpty()) {
                changes.add(new RawSQLChange(restructure(migration)));
            }
            dropped.forEach(name -> changes.add(new RawSQLChange("DROP INDEX IF EXISTS " + index(table, name))));
            created.forEach(name -> changes.add(new RawSQLChange("ALTER INDEX " + index(table, building(name))
                    + " RENAME TO " + Sql.quote(name))));
        } else {
            // Values change type (rewritten by the service first): the new indexes are built on the new values.
            dropped.forEach(name -> changes.add(new RawSQLChange("DROP INDEX IF EXISTS " + index(table, name))));
            created.forEach(name -> changes.add(new RawSQLChange(after.get(name))));
        }
        changes.addAll(SqlSoftDelete.migrated(migration));
        List<ChangeSetSpec> changeSets = new ArrayList<>();
        if (!prebuild.isEmpty()) {
            // Its id names its content too: a prebuild that ran for a change which then failed must not count as
            // done for a different change of the same version.
            changeSets.add(new ChangeSetSpec(table.name() + "-v" + migration.version() + "-indexes-"
                    + Integer.toHexString(prebuild.stream().map(c -> ((RawSQLChange) c).getSql())
                    .reduce("", String::concat).hashCode()), prebuild, false));
        }
        if (!changes.isEmpty()) {
            changeSets.add(new ChangeSetSpec(table.name() + "-v" + migration.version(), changes));
        }
        LiquibaseRunner.Preview preview = LiquibaseRunner.preview(table.namespace(), "datably/" + table.name(),
                changeSets);
        return new MigrationPlan(changeSets, preview.changelog(), preview.sql(), List.of(), moves);
    }

    /** The temporary name of an index built ahead of a change (cut to stay within PostgreSQL's 63 bytes). */
    private static String building(String name) {
        return (name.length() > 57 ? name.substring(0, 57) : name) + "_build";
    }

    private static String index(PhysicalTable table, String name) {
        return Sql.quote(table.namespace()) + "." + Sql.quote(name);
    }

    @Override
    public Uni<Void> applyMigration(Migration migration, MigrationPlan plan) {
        if (plan.changeSets().isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        PhysicalTable table = migration.after().physical();
        return liquibase.apply(table.namespace(), "datably/" + table.name(), migration.withCatalogSwitch(plan));
    }

    @Override
    public Uni<List<String>> insert(TableDescriptor table, List<ObjectNode> records) {
        // Each record's audit entry is written by the same statement (actor and request id are $2, $3).
        return write(table, "WITH stored AS (" + insertSql(table) + " RETURNING *)" + audit(table, 2).entries("stored",
                "'create'", SqlAudit.Kept.AFTER) + " SELECT data::text FROM stored",
                audited(table, Tuple.of(json(rows(table.schema(), records))))).map(PgProvider::firstColumn);
    }

    /** An import's batch, in its load's transaction: the statement of {@link #insert}, without reading rows back. */
    @Override
    protected Uni<Void> loadBatch(SqlConnection connection, TableDescriptor table, List<ObjectNode> records) {
        return connection.preparedQuery(insertSql(table)).execute(Tuple.of(json(rows(table.schema(), records))))
                .onFailure().transform(failure -> PgErrors.translate(failure, table, "key")).replaceWithVoid();
    }

    /** The audit entries of a write to {@code table} whose actor is parameter {@code $actorParam}. */
    SqlAudit audit(TableDescriptor table, int actorParam) {
        return new SqlAudit(table, this, actorParam);
    }

    /** A write's parameters with the audit's (actor, request id) after them, when audited. */
    Tuple audited(TableDescriptor table, Tuple params) {
        audit(table, 0).params().forEach(params::addValue);
        return params;
    }

    /** Each record as {@code [key text, record]}. */
    private ArrayNode rows(TableSchema schema, List<ObjectNode> records) {
        ArrayNode rows = mapper.createArrayNode();
        for (ObjectNode record : records) {
            ArrayNode row = rows.addArray();
            row.add(schema.primaryKey().isEmpty() ? null : keyText(schema, record));
            row.add(record);
        }
        return rows;
    }

    private static String insertSql(TableDescriptor table) {
        TableSchema schema = table.schema();
        String target = schema.primaryKey().isEmpty() ? " (data) SELECT e.row -> 1"
                : " (key, data) SELECT e.row ->> 0, e.row -> 1";
        return "INSERT INTO " + Sql.table(table.physical()) + target
                + " FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS e(row, n) ORDER BY e.n";
    }

    @Override
    public Uni<Optional<String>> find(TableDescriptor table, RecordKey key) {
        return firstText("SELECT data::text FROM " + Sql.table(table.physical()) + " WHERE key = $1",
                Tuple.of(keyText(key)));
    }

    @Override
    public Uni<Optional<String>> find(TableDescriptor table, RecordKey key, io.datably.query.plan.BoundCondition where) {
        // The filter's values are parameters after the key's: one prepared statement per filter shape, whoever asks.
        List<Object> params = new ArrayList<>(List.of(keyText(key)));
        String filter = io.datably.provider.sql.SqlQueryCompiler.condition(where, access(), params);
        return firstText("SELECT t.data::text FROM " + Sql.table(table.physical()) + " AS t WHERE t.key = $1 AND "
                + filter, Tuple.tuple(params));
    }

    @Override
    public Uni<Optional<String>> find(TableDescriptor table, RecordKey key, BoundQuery read) {
        return findShaped(table, "t.key = $1", keyText(key), read).onFailure().transform(PgErrors::translate);
    }

    @Override
    protected SqlIndexes indexes() {
        return indexes;
    }

    /** Typed values of the document; integers are numeric (jsonb holds them at any size), and so are their filters. */
    @Override
    public ColumnAccess access() {
        return new ColumnAccess() {
            @Override
            public String column(String row, Field f) {
                return value(f, row == null ? "data" : row + ".data");
            }

            @Override
            public String valueType(Field f) {
                return f.type() == FieldType.INTEGER ? "numeric" : PgTypes.columnType(f);
            }
        };
    }

    /**
     * The stored document itself when it is wanted whole; extras are added as members of the jsonb object. The
     * soft-delete marker's fields, when asked for, are columns beside {@code data}: added as members too.
     */
    @Override
    public String document(String row, TableSchema schema, List<Field> fields, List<Member> extras) {
        if (schema.softDelete() && fields.stream().anyMatch(f -> SoftDelete.RESERVED.contains(f.name()))) {
            List<Member> members = new ArrayList<>();
            fields.stream().filter(f -> SoftDelete.RESERVED.contains(f.name())).forEach(f -> members.add(
                    new Member(f.name(), PgTypes.toJson(f, row + "." + Sql.quote(f.name())))));
            members.addAll(extras);
            return document(row, schema, fields.stream().filter(f -> !SoftDelete.RESERVED.contains(f.name()))
                    .toList(), members);
        }
        String document = row + ".data";
        if (fields.size() != schema.fields().size()) {
            String keys = fields.stream().map(f -> Sql.literal(f.name())).collect(Collectors.joining(", "));
            document = "(SELECT coalesce(jsonb_object_agg(e.k, e.v), '{}'::jsonb) FROM jsonb_each(" + row
                    + ".data) AS e(k, v) WHERE e.k IN (" + keys + "))";
        }
        if (extras.isEmpty()) {
            return document;
        }
        return "(" + document + " || jsonb_build_object(" + extras.stream().map(m -> Sql.literal(m.name()) + ", "
                + m.json()).collect(Collectors.joining(", ")) + "))";
    }

    @Override
    public String rowIdentity(String alias, TableSchema schema) {
        return alias + ".seq";
    }

    /**
     * A field's typed value inside a document. Integers read as numeric, not bigint: jsonb holds integers of any
     * size exactly. Queries and indexes use this same expression, so the indexes serve the queries.
     */
    private static String value(Field field, String document) {
        if (field.type() == FieldType.INTEGER) {
            return "(" + document + " ->> " + Sql.literal(field.name()) + ")::numeric";
        }
        return PgTypes.fromJson(field, document);
    }

    @Override
    public Uni<Optional<String>> replace(TableDescriptor table, RecordKey key, ObjectNode record) {
        return changed(table, "data = $2::text::jsonb", key, json(record), table.schema().fields());
    }

    /**
     * The UPDATE of every document for a change that only moves fields: renamed and removed keys taken out, renamed
     * and added keys put in ({@code data -> 'old'} is SQL NULL for a missing key, which jsonb_build_object stores as
     * JSON null).
     */
    private static String restructure(Migration migration) {
        StringBuilder document = new StringBuilder("(data");
        List<String> pairs = new ArrayList<>();
        for (SchemaDiff.Change change : migration.diff().changes()) {
            if (change instanceof SchemaDiff.FieldRenamed r) {
                document.append(" - ").append(Sql.literal(r.from()));
                pairs.add(Sql.literal(r.field().name()) + ", data -> " + Sql.literal(r.from()));
            } else if (change instanceof SchemaDiff.FieldRemoved r) {
                document.append(" - ").append(Sql.literal(r.field().name()));
            } else if (change instanceof SchemaDiff.FieldAdded a) {
                JsonNode fill = migration.backfill().get(a.field().name());
                pairs.add(Sql.literal(a.field().name()) + ", " + Sql.literal(fill == null ? "null" : fill.toString())
                        + "::jsonb");
            }
        }
        document.append(")");
        // jsonb_build_object takes at most 100 arguments: 50 pairs per call.
        for (int i = 0; i < pairs.size(); i += 50) {
            document.append(" || jsonb_build_object(").append(String.join(", ",
                    pairs.subList(i, Math.min(i + 50, pairs.size())))).append(")");
        }
        return "UPDATE " + Sql.table(migration.before().physical()) + " SET data = " + document
                + ", updated_at = now()";
    }

    /** One UPDATE for the whole batch: (key, document) pairs travel as one jsonb parameter. */
    @Override
    public Uni<Void> rewrite(TableDescriptor table, List<RecordKey> keys, List<ObjectNode> records) {
        if (keys.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode rows = mapper.createArrayNode();
        for (int i = 0; i < keys.size(); i++) {
            rows.addArray().add(keyText(keys.get(i))).add(records.get(i));
        }
        return write(table, "UPDATE " + Sql.table(table.physical()) + " AS t SET data = e.row -> 1, updated_at = now() "
                + "FROM jsonb_array_elements($1::text::jsonb) AS e(row) WHERE t.key = e.row ->> 0",
                Tuple.of(json(rows))).replaceWithVoid();
    }

    @Override
    public Uni<Optional<String>> update(TableDescriptor table, RecordKey key, ObjectNode changes) {
        return changed(table, "data = data || $2::text::jsonb", key, json(changes), table.schema().fields().stream()
                .filter(f -> changes.has(f.name())).toList());
    }

    /**
     * Sets {@code data} as {@code assignment} says ({@code $2} the new values) on the live record of that key, with
     * its audit entry (the {@code fields} set, before and after); the record as stored, empty when no live record has
     * the key.
     */
    private Uni<Optional<String>> changed(TableDescriptor table, String assignment, RecordKey key, String values,
                                          List<Field> fields) {
        String where = "key = $1" + SqlSoftDelete.andLive(table.schema());
        SqlAudit audit = audit(table, 3);
        return write(table, "WITH stored AS (UPDATE " + Sql.table(table.physical()) + " SET " + assignment
                + ", updated_at = now() WHERE " + where + " RETURNING *)" + audit.updates("stored", where, fields)
                + " SELECT data::text FROM stored",
                audited(table, Tuple.of(keyText(key), values))).map(JsonbTableProvider::first);
    }

    /** A write: a duplicate of the {@code key} column is told as a duplicate of the primary key's fields. */
    private Uni<RowSet<Row>> write(TableDescriptor table, String sql, Tuple params) {
        return execute(sql, params).onFailure().transform(failure -> PgErrors.translate(failure, table, "key"));
    }

    private static Optional<String> first(RowSet<Row> rows) {
        List<String> texts = firstColumn(rows);
        return texts.isEmpty() ? Optional.empty() : Optional.of(texts.get(0));
    }

    @Override
    public Uni<Boolean> delete(TableDescriptor table, RecordKey key) {
        return run("WITH gone AS (DELETE FROM " + Sql.table(table.physical()) + " WHERE key = $1 RETURNING *)"
                + audit(table, 2).entries("gone", "'delete'", SqlAudit.Kept.BEFORE) + " SELECT count(*) FROM gone",
                audited(table, Tuple.of(keyText(key)))).map(rows -> rows.iterator().next().getLong(0) > 0);
    }

    @Override
    public Uni<Boolean> exists(TableDescriptor table, List<String> fields, List<JsonNode> values) {
        return run("SELECT EXISTS (SELECT 1 FROM " + Sql.table(table.physical()) + " WHERE data @> $1::text::jsonb)",
                Tuple.of(probe(fields, values))).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The row found is share-locked until the transaction ends: a delete of it waits (and vice versa). */
    @Override
    public Uni<Boolean> existsShared(TableDescriptor table, List<String> fields, List<JsonNode> values) {
        return run("SELECT 1 FROM " + Sql.table(table.physical()) + " WHERE data @> $1::text::jsonb LIMIT 1 "
                + "FOR KEY SHARE", Tuple.of(probe(fields, values))).map(rows -> rows.size() > 0);
    }

    /**
     * The document {@code fields = values} as containment text: containment uses the GIN index, and jsonb compares
     * numbers by value (1 and 1.0 match).
     */
    private String probe(List<String> fields, List<JsonNode> values) {
        ObjectNode probe = mapper.createObjectNode();
        for (int i = 0; i < fields.size(); i++) {
            probe.set(fields.get(i), values.get(i));
        }
        return json(probe);
    }

    // --- Bulk changes by filter and upserts (issue 14): JsonbBulk ---

    @Override
    public Uni<io.datably.provider.spi.BulkWrite.Count> changeWhere(TableDescriptor table,
                                                                   io.datably.provider.spi.BulkWrite.Change change) {
        return new JsonbBulk(statements, mapper, access(), this).changeWhere(table, change);
    }

    @Override
    public Uni<List<io.datably.provider.spi.BulkWrite.Upserted>> upsert(TableDescriptor table,
                                                                       List<ObjectNode> records,
                                                                       List<String> conflictFields) {
        return new JsonbBulk(statements, mapper, access(), this).upsert(table, records, conflictFields);
    }

    /**
     * The key column's text: one value as text, several as a JSON array. Numbers are normalised so that 1.50 and
     * 1.5 are the same key, as they are the same value.
     */
    String keyText(TableSchema schema, ObjectNode record) {
        List<JsonNode> values = schema.primaryKey().stream().map(record::get).toList();
        return keyText(new RecordKey(values));
    }

    private String keyText(RecordKey key) {
        if (key.values().size() == 1) {
            return scalarText(key.values().get(0));
        }
        ArrayNode array = mapper.createArrayNode();
        key.values().forEach(v -> array.add(v.isNumber() ? mapper.getNodeFactory().textNode(scalarText(v)) : v));
        return json(array);
    }

    private String scalarText(JsonNode value) {
        if (value.isNumber()) {
            return new BigDecimal(value.asText()).stripTrailingZeros().toPlainString();
        }
        return value.isValueNode() ? value.asText() : json(value);
    }

    static String indexExpression(Field field) {
        String key = Sql.literal(field.name());
        return switch (field.type()) {
            case INTEGER, NUMBER, YEAR -> "((data ->> " + key + ")::numeric)";
            case OBJECT, ARRAY, LIST, GEOPOINT, GEOJSON, ANY -> "(NULLIF(data -> " + key + ", 'null'::jsonb))";
            default -> "(data ->> " + key + ")";
        };
    }

    // Soft delete (issue 14): marking and restoring one record; purging is delete().

    @Override
    public Uni<Boolean> softDelete(TableDescriptor table, RecordKey key, String by, java.time.Instant at) {
        return run("WITH marked AS (UPDATE " + Sql.table(table.physical()) + " SET " + SqlSoftDelete.mark("$2", "$3")
                + " WHERE key = $1 AND " + SqlSoftDelete.live() + " RETURNING *)" + audit(table, 4).entries("marked",
                "'soft_delete'", SqlAudit.Kept.BEFORE) + " SELECT count(*) FROM marked",
                audited(table, Tuple.of(keyText(key), at.toString(), by)))
                .map(rows -> rows.iterator().next().getLong(0) > 0);
    }

    @Override
    public Uni<Optional<String>> restore(TableDescriptor table, RecordKey key) {
        return run("WITH stored AS (UPDATE " + Sql.table(table.physical()) + " SET " + SqlSoftDelete.unmark()
                + ", updated_at = now() WHERE key = $1 AND " + SqlSoftDelete.deleted() + " RETURNING *)"
                + audit(table, 2).entries("stored", "'restore'", SqlAudit.Kept.AFTER) + " SELECT data::text FROM stored",
                audited(table, Tuple.of(keyText(key)))).map(JsonbTableProvider::first);
    }
}
