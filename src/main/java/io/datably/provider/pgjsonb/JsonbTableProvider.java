package io.datably.provider.pgjsonb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.Capabilities;
import io.datably.provider.spi.RecordKey;
import io.datably.provider.spi.RecordPage;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.sql.ColumnAccess;
import io.datably.provider.sql.PgProvider;
import io.datably.provider.sql.PgTypes;
import io.datably.provider.sql.Sql;
import io.datably.provider.sql.SqlIndexes;
import io.datably.provider.sql.SqlQueryCompiler;
import io.datably.schema.model.SearchConfig;
import io.datably.query.plan.BoundQuery;
import io.datably.schema.evolution.LiquibaseRunner;
import io.datably.schema.evolution.LiquibaseRunner.ChangeSetSpec;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.TableSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Singleton;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import liquibase.change.Change;
import liquibase.change.core.RawSQLChange;

/**
 * {@code jsonb}: each record is one canonical JSON document in a {@code (key, data, seq, timestamps)} table with a
 * GIN index. The primary key is enforced through {@code key}, unique fields through unique expression indexes;
 * schema changes are metadata-only. References are checked by the service (see ReferenceChecker).
 */
@Singleton
public class JsonbTableProvider extends PgProvider {
    private static final Capabilities CAPABILITIES = new Capabilities(false, true);
    private final LiquibaseRunner liquibase;
    private final SqlIndexes indexes;

    public JsonbTableProvider(Pool pool, ObjectMapper mapper, LiquibaseRunner liquibase) {
        super(pool, mapper);
        this.liquibase = liquibase;
        this.indexes = new SqlIndexes(pool, liquibase, access(), new JsonbIndexKeys(), providerType());
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
    public Uni<Void> materialize(TableDescriptor table) {
        TableSchema schema = table.schema();
        String name = table.physical().name();
        String qualified = Sql.table(table.physical());
        String keyDefault = schema.primaryKey().isEmpty() ? " DEFAULT gen_random_uuid()::text" : "";
        List<Change> changes = new ArrayList<>();
        changes.add(new RawSQLChange("CREATE TABLE " + qualified + " (key text" + keyDefault + " CONSTRAINT "
                + Sql.quote(name + "_pk") + " PRIMARY KEY, data jsonb NOT NULL, "
                + "seq bigint GENERATED ALWAYS AS IDENTITY, created_at timestamptz NOT NULL DEFAULT now(), "
                + "updated_at timestamptz NOT NULL DEFAULT now())"));
        changes.add(new RawSQLChange("CREATE INDEX " + Sql.quote(name + "_gin") + " ON " + qualified
                + " USING gin (data jsonb_path_ops)"));
        changes.add(new RawSQLChange("CREATE INDEX " + Sql.quote(name + "_seq") + " ON " + qualified + " (seq)"));
        if (schema.primaryKey().size() == 1) {
            // Lists are ordered by the primary key: give that ordering an index. Only types whose text-to-value
            // cast is immutable can be indexed (not dates and timestamps, whose parsing depends on settings).
            Field pk = schema.field(schema.primaryKey().get(0)).orElseThrow();
            if (pk.type() == FieldType.INTEGER || pk.type() == FieldType.NUMBER || pk.type() == FieldType.STRING) {
                changes.add(new RawSQLChange("CREATE INDEX " + Sql.quote(name + "_pkx") + " ON " + qualified + " (("
                        + value(pk, "data") + "))"));
            }
        }
        SearchConfig search = SearchConfig.of(schema);
        if (!search.fields().isEmpty()) {
            changes.add(new RawSQLChange("CREATE INDEX " + Sql.quote(name + "_fts") + " ON " + qualified
                    + " USING gin (" + SqlQueryCompiler.searchVector(search.fields(), search.language(),
                    f -> access().column(null, f)) + ")"));
        }
        // Relation filters and expansions join on referencing fields: index them where the cast is immutable.
        for (int i = 0; i < schema.foreignKeys().size(); i++) {
            List<Field> fields = schema.foreignKeys().get(i).fields().stream()
                    .map(f -> schema.field(f).orElseThrow()).toList();
            boolean indexable = fields.stream().allMatch(f -> f.type() == FieldType.INTEGER
                    || f.type() == FieldType.NUMBER || f.type() == FieldType.STRING);
            if (indexable && !schema.isKey(schema.foreignKeys().get(i).fields())) {
                changes.add(new RawSQLChange("CREATE INDEX " + Sql.quote(name + "_fk" + i + "x") + " ON " + qualified
                        + " (" + fields.stream().map(f -> "(" + value(f, "data") + ")")
                        .collect(Collectors.joining(", ")) + ")"));
            }
        }
        int unique = 0;
        for (Field field : schema.fields()) {
            if (field.constraints().unique() && !schema.primaryKey().equals(List.of(field.name()))) {
                changes.add(uniqueIndex(table, unique++, List.of(field)));
            }
        }
        for (List<String> key : schema.uniqueKeys()) {
            changes.add(uniqueIndex(table, unique++, key.stream().map(f -> schema.field(f).orElseThrow()).toList()));
        }
        return liquibase.apply(table.physical().namespace(), "datably/" + name,
                List.of(new ChangeSetSpec(name + "-create", changes)));
    }

    @Override
    public Uni<List<String>> insert(TableDescriptor table, List<ObjectNode> records) {
        TableSchema schema = table.schema();
        ArrayNode rows = mapper.createArrayNode();
        for (ObjectNode record : records) {
            ArrayNode row = rows.addArray();
            row.add(schema.primaryKey().isEmpty() ? null : keyText(schema, record));
            row.add(record);
        }
        String target = schema.primaryKey().isEmpty() ? " (data) SELECT e.row -> 1"
                : " (key, data) SELECT e.row ->> 0, e.row -> 1";
        String sql = "INSERT INTO " + Sql.table(table.physical()) + target
                + " FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS e(row, n) ORDER BY e.n RETURNING data::text";
        return texts(sql, Tuple.of(json(rows)));
    }

    @Override
    public Uni<Optional<String>> find(TableDescriptor table, RecordKey key) {
        return firstText("SELECT data::text FROM " + Sql.table(table.physical()) + " WHERE key = $1",
                Tuple.of(keyText(key)));
    }

    @Override
    protected SqlIndexes indexes() {
        return indexes;
    }

    @Override
    public ColumnAccess access() {
        return (row, f) -> value(f, row == null ? "data" : row + ".data");
    }

    /** The stored document itself when it is wanted whole; extras are added as members of the jsonb object. */
    @Override
    public String document(String row, TableSchema schema, List<Field> fields, List<Member> extras) {
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
        return firstText("UPDATE " + Sql.table(table.physical()) + " SET data = $2::text::jsonb, updated_at = now() "
                + "WHERE key = $1 RETURNING data::text", Tuple.of(keyText(key), json(record)));
    }

    @Override
    public Uni<Optional<String>> update(TableDescriptor table, RecordKey key, ObjectNode changes) {
        return firstText("UPDATE " + Sql.table(table.physical()) + " SET data = data || $2::text::jsonb, "
                + "updated_at = now() WHERE key = $1 RETURNING data::text", Tuple.of(keyText(key), json(changes)));
    }

    @Override
    public Uni<Boolean> delete(TableDescriptor table, RecordKey key) {
        return run("DELETE FROM " + Sql.table(table.physical()) + " WHERE key = $1", Tuple.of(keyText(key)))
                .map(rows -> rows.rowCount() > 0);
    }

    @Override
    public Uni<Boolean> exists(TableDescriptor table, List<String> fields, List<JsonNode> values) {
        // Containment uses the GIN index; jsonb compares numbers by value (1 and 1.0 match).
        ObjectNode probe = mapper.createObjectNode();
        for (int i = 0; i < fields.size(); i++) {
            probe.set(fields.get(i), values.get(i));
        }
        return run("SELECT EXISTS (SELECT 1 FROM " + Sql.table(table.physical()) + " WHERE data @> $1::text::jsonb)",
                Tuple.of(json(probe))).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /**
     * The key column's text: one value as text, several as a JSON array. Numbers are normalised so that 1.50 and
     * 1.5 are the same key, as they are the same value.
     */
    private String keyText(TableSchema schema, ObjectNode record) {
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

    /** A unique expression index; nulls are exempt, as the schema's unique rule says. */
    private static Change uniqueIndex(TableDescriptor table, int index, List<Field> fields) {
        String name = table.physical().name() + "_uq" + index;
        String expressions = fields.stream().map(JsonbTableProvider::indexExpression).collect(Collectors.joining(", "));
        return new RawSQLChange("CREATE UNIQUE INDEX " + Sql.quote(name) + " ON " + Sql.table(table.physical())
                + " (" + expressions + ")");
    }

    private static String indexExpression(Field field) {
        String key = Sql.literal(field.name());
        return switch (field.type()) {
            case INTEGER, NUMBER, YEAR -> "((data ->> " + key + ")::numeric)";
            case OBJECT, ARRAY, LIST, GEOPOINT, GEOJSON, ANY -> "(NULLIF(data -> " + key + ", 'null'::jsonb))";
            default -> "(data ->> " + key + ")";
        };
    }
}
