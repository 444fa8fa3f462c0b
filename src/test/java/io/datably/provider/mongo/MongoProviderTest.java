package io.datably.provider.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.query.model.CountMode;
import io.datably.query.plan.BoundQuery;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.RecordKey;
import io.datably.provider.spi.RecordPage;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.model.Constraints;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.TableSchema;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bson.Document;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MongoProviderTest {
    /** Parses canonical JSON as the service holds it: exact decimals, trailing zeros kept. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();
    private static final Constraints UNIQUE = new Constraints(false, true, null, null, null, null, null, null,
            null, null, null);

    @Inject
    MongoProvider provider;
    @Inject
    ReactiveMongoClient client;

    @Test
    void roundTripsEveryFieldTypeExactly() {
        TableDescriptor table = materialized(new TableSchema(List.of(field("id", FieldType.INTEGER),
                field("s", FieldType.STRING), field("n", FieldType.NUMBER), field("n_big", FieldType.NUMBER),
                field("n_exp", FieldType.NUMBER), field("n_nan", FieldType.NUMBER), field("n_inf", FieldType.NUMBER),
                field("n_ninf", FieldType.NUMBER), field("i", FieldType.INTEGER), field("i_big", FieldType.INTEGER),
                field("b", FieldType.BOOLEAN), field("o", FieldType.OBJECT), field("arr", FieldType.ARRAY),
                new Field("l", FieldType.LIST, null, null, null, (ObjectNode) json("{\"itemType\":\"integer\"}")),
                field("d", FieldType.DATE), field("t", FieldType.TIME), field("dt", FieldType.DATETIME),
                field("y", FieldType.YEAR), field("ym", FieldType.YEARMONTH), field("dur", FieldType.DURATION),
                field("gp", FieldType.GEOPOINT), field("gj", FieldType.GEOJSON), field("any", FieldType.ANY)),
                List.of("id"), null, null, null));
        String full = "{\"id\":1,\"s\":\"héllo \\\"x\\\"\",\"n\":1.50,\"n_big\":12345678901234567890.123456789,"
                + "\"n_exp\":1E+3,\"n_nan\":\"NaN\",\"n_inf\":\"INF\",\"n_ninf\":\"-INF\","
                + "\"i\":-9223372036854775808,\"i_big\":123456789012345678901234567890,\"b\":false,"
                + "\"o\":{\"a\":1,\"b\":[1.5,\"x\",null,2.50],\"c\":{\"d\":true},\"e\":9007199254740993},"
                + "\"arr\":[1,\"two\",3.0,{\"k\":[]}],\"l\":[1,2,3],\"d\":\"2024-02-29\",\"t\":\"12:34:56.789\","
                + "\"dt\":\"2024-02-29T12:34:56.789Z\",\"y\":2024,\"ym\":\"2024-02\",\"dur\":\"P1Y2M3DT4H5M6S\","
                + "\"gp\":{\"lon\":4.350,\"lat\":-50.85},\"gj\":{\"type\":\"Point\",\"coordinates\":[4.35,50.85]},"
                + "\"any\":12.0}";
        String nulls = "{\"id\":2,\"s\":null,\"n\":null,\"n_big\":null,\"n_exp\":null,\"n_nan\":null,\"n_inf\":null,"
                + "\"n_ninf\":null,\"i\":null,\"i_big\":null,\"b\":null,\"o\":null,\"arr\":null,\"l\":null,\"d\":null,"
                + "\"t\":null,\"dt\":null,\"y\":null,\"ym\":null,\"dur\":null,\"gp\":null,\"gj\":null,\"any\":null}";

        assertEquals(List.of(full, nulls), await(provider.insert(table, List.of(record(full), record(nulls)))));
        assertEquals(Optional.of(full), await(provider.find(table, key(1))));
        assertEquals(Optional.of(nulls), await(provider.find(table, key(2))));
        assertEquals(new RecordPage(2, "[" + full + "," + nulls + "]", 2),
                await(provider.query(table, window(table, 0, 10, true))));

        Document stored = await(collection(table).find(new Document("_id", 2L)).collect().first());
        assertFalse(stored.containsKey("id"), "a one-field key is stored only as _id");
        assertEquals(23, stored.size(), "nulls are stored explicitly: " + stored.keySet());
        Document stored1 = await(collection(table).find(new Document("_id", 1L)).collect().first());
        assertEquals("2024-02-29T12:34:56.789000Z", stored1.getString("dt"), "fixed width, so text order is time order");
        assertEquals("12:34:56.789000", stored1.getString("t"));
    }

    @Test
    void keepsCompositeKeyInIdSubDocument() {
        TableDescriptor table = materialized(new TableSchema(List.of(field("name", FieldType.STRING),
                field("region", FieldType.STRING), field("code", FieldType.INTEGER)),
                List.of("region", "code"), null, null, null));
        String eu7 = "{\"name\":\"Seven\",\"region\":\"eu\",\"code\":7}";
        await(provider.insert(table, List.of(record(eu7), record("{\"name\":\"Eight\",\"region\":\"eu\",\"code\":8}"))));

        RecordKey key = new RecordKey(List.of(TextNode.valueOf("eu"), JSON.getNodeFactory().numberNode(7)));
        assertEquals(Optional.of(eu7), await(provider.find(table, key)));
        Document stored = await(collection(table).find(new Document("name", "Seven")).collect().first());
        assertEquals(new Document("region", "eu").append("code", 7L), stored.get("_id"));
        assertEquals(List.of("_id", "name"), List.copyOf(stored.keySet()));

        assertTrue(await(provider.exists(table, List.of("code", "region"), values("7", "\"eu\""))));
        assertTrue(await(provider.exists(table, List.of("region"), values("\"eu\""))));
        assertFalse(await(provider.exists(table, List.of("region", "code"), values("\"eu\"", "9"))));

        assertEquals(Optional.of("{\"name\":\"Sieben\",\"region\":\"eu\",\"code\":7}"),
                await(provider.update(table, key, record("{\"name\":\"Sieben\"}"))));
        assertEquals(Optional.of("{\"name\":null,\"region\":\"eu\",\"code\":7}"),
                await(provider.replace(table, key, record("{\"name\":null,\"region\":\"eu\",\"code\":7}"))));
        assertFailsWith(ErrorCode.INVALID_FIELD,
                provider.replace(table, key, record("{\"name\":null,\"region\":\"us\",\"code\":7}")));
        assertTrue(await(provider.delete(table, key)));
        assertFalse(await(provider.delete(table, key)));
        assertEquals(Optional.empty(), await(provider.find(table, key)));
    }

    @Test
    void hidesGeneratedIdOfTablesWithoutKey() {
        TableDescriptor table = materialized(new TableSchema(List.of(field("msg", FieldType.STRING)),
                null, null, null, null));
        String hello = "{\"msg\":\"hello\"}";
        assertEquals(List.of(hello, hello), await(provider.insert(table, List.of(record(hello), record(hello)))));
        assertEquals(new RecordPage(-1, "[" + hello + "," + hello + "]", 2),
                await(provider.query(table, window(table, 0, 10, false))));
        assertTrue(await(provider.exists(table, List.of("msg"), values("\"hello\""))));
        assertFailsWith(ErrorCode.UNSUPPORTED_BY_PROVIDER, provider.find(table, key(1)));
    }

    @Test
    void rejectsDuplicatesOfKeysAndUniqueConstraints() {
        TableDescriptor table = uniqueTable();
        await(provider.insert(table, List.of(person(1, "a@x.io", "Ada", "L"), person(2, "b@x.io", "Bob", "L"))));

        assertDuplicate("primary key (id)", provider.insert(table, List.of(person(1, "c@x.io", "C", "C"))));
        assertDuplicate("unique key (email)", provider.insert(table, List.of(person(3, "a@x.io", "C", "C"))));
        assertDuplicate("unique key (first, last)", provider.insert(table, List.of(person(3, "c@x.io", "Ada", "L"))));
        assertDuplicate("unique key (email)", provider.update(table, key(2), record("{\"email\":\"a@x.io\"}")));
        assertDuplicate("unique key (first, last)", provider.replace(table, key(2), person(2, "b@x.io", "Ada", "L")));
    }

    /**
     * mongo-java-server accepts partialFilterExpression but ignores it (nulls still collide there), so this checks
     * the index declares the null exemption that a real MongoDB server enforces.
     */
    @Test
    void declaresNullExemptionOnUniqueIndexes() {
        TableDescriptor table = uniqueTable();
        Document index = await(collection(table).listIndexes()
                .filter(spec -> "uq_first_last".equals(spec.getString("name"))).collect().first());
        assertEquals(true, index.get("unique"));
        assertEquals(List.of("first", "last"), List.copyOf(index.get("key", Document.class).keySet()));
        Document partial = index.get("partialFilterExpression", Document.class);
        assertEquals(List.of("first", "last"), List.copyOf(partial.keySet()), index.toJson());
        assertTrue(partial.get("first", Document.class).getList("$type", String.class).contains("string"));
        assertFalse(partial.get("first", Document.class).getList("$type", String.class).contains("null"));
    }

    @Test
    void insertsAllOrNothing() {
        TableDescriptor table = uniqueTable();
        await(provider.insert(table, List.of(person(1, "a@x.io", "Ada", "L"))));

        assertDuplicate("primary key (id)", provider.insert(table,
                List.of(person(2, "b@x.io", "Bob", "L"), person(1, "c@x.io", "Cy", "L"), person(3, "d@x.io", "D", "L"))));
        assertDuplicate("unique key (email)", provider.insert(table,
                List.of(person(4, "e@x.io", "E", "L"), person(5, "f@x.io", "F", "L"), person(6, "e@x.io", "G", "L"))));

        RecordPage page = await(provider.query(table, window(table, 0, 100, true)));
        assertEquals(1, page.count());
        assertEquals("[" + person(1, "a@x.io", "Ada", "L") + "]", page.resultsJson());
    }

    @Test
    void materializesIdempotentlyWithNamedIndexes() {
        TableDescriptor table = uniqueTable();
        await(provider.materialize(table));
        List<String> names = await(collection(table).listIndexes().map(index -> index.getString("name"))
                .collect().asList());
        assertTrue(names.containsAll(List.of("_id_", "uq_email", "uq_first_last")), names.toString());
        assertFailsWith(ErrorCode.SCHEMA_NOT_STORABLE, provider.materialize(descriptor(new TableSchema(
                List.of(field("a.b", FieldType.STRING)), null, null, null, null))));
    }

    @Test
    void pagesInKeyOrderAndCounts() {
        TableDescriptor table = uniqueTable();
        await(provider.insert(table, List.of(person(3, "c@x.io", "C", "L"), person(1, "a@x.io", "A", "L"),
                person(2, "b@x.io", "B", "L"))));
        assertEquals(new RecordPage(3, "[" + person(2, "b@x.io", "B", "L") + "," + person(3, "c@x.io", "C", "L") + "]",
                2),
                await(provider.query(table, window(table, 1, 5, true))));
        assertEquals(new RecordPage(-1, "[]", 0), await(provider.query(table, window(table, 3, 5, false))));
        assertEquals(new RecordPage(3, "[]", 0), await(provider.query(table, window(table, 0, 0, true))));
    }

    @Test
    void reportsMissingRecordsAndStats() {
        TableDescriptor table = uniqueTable();
        await(provider.insert(table, List.of(person(1, null, "A", null))));
        assertEquals(Optional.empty(), await(provider.find(table, key(9))));
        assertEquals(Optional.empty(), await(provider.update(table, key(9), record("{\"first\":\"Z\"}"))));
        assertEquals(Optional.empty(), await(provider.replace(table, key(9), person(9, null, "Z", null))));
        assertFalse(await(provider.delete(table, key(9))));
        assertFalse(await(provider.exists(table, List.of("email"), values("\"nobody@x.io\""))));
        assertEquals(1, await(provider.stats(table)).records());
        assertTrue(await(provider.stats(table)).storageBytes() > 0, "collStats answered");
    }

    @Test
    void failsWithoutConnectionString() {
        MongoProvider unconfigured = new MongoProvider(Optional.empty(), null);
        DatablyException e = assertThrows(DatablyException.class, unconfigured::checkAvailable);
        assertEquals(ErrorCode.PROVIDER_NOT_CONFIGURED, e.code());
        assertTrue(e.getMessage().contains("QUARKUS_MONGODB_CONNECTION_STRING"));
        assertFailsWith(ErrorCode.PROVIDER_NOT_CONFIGURED, unconfigured.query(uniqueTable(), window(uniqueTable(), 0, 1, true)));
        assertEquals("mongodb", provider.providerType());
        assertFalse(provider.capabilities().atomicBatches() || provider.capabilities().enforcesForeignKeys());
    }

    // --- fixtures ---

    private TableDescriptor uniqueTable() {
        return materialized(new TableSchema(List.of(field("id", FieldType.INTEGER),
                new Field("email", FieldType.STRING, null, UNIQUE, null, null),
                field("first", FieldType.STRING), field("last", FieldType.STRING)),
                List.of("id"), List.of(List.of("first", "last")), null, null));
    }

    private static ObjectNode person(int id, String email, String first, String last) {
        ObjectNode node = JSON.createObjectNode().put("id", id).put("email", email).put("first", first);
        return node.put("last", last);
    }

    /** A fresh database and collection per table, so tests never see each other's records. */
    private TableDescriptor materialized(TableSchema schema) {
        TableDescriptor table = descriptor(schema);
        await(provider.materialize(table));
        return table;
    }

    private static TableDescriptor descriptor(TableSchema schema) {
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        return new TableDescriptor("t" + suffix, new PhysicalTable("db_" + suffix, "app_t" + suffix), schema, Map.of());
    }

    private io.quarkus.mongodb.reactive.ReactiveMongoCollection<Document> collection(TableDescriptor table) {
        return client.getDatabase(table.physical().namespace()).getCollection(table.physical().name());
    }

    private static Field field(String name, FieldType type) {
        return new Field(name, type, null, null, null, null);
    }

    private static RecordKey key(long id) {
        return new RecordKey(List.of(JSON.getNodeFactory().numberNode(id)));
    }

    private static List<JsonNode> values(String... json) {
        return Arrays.stream(json).map(MongoProviderTest::json).toList();
    }

    private static ObjectNode record(String json) {
        return (ObjectNode) json(json);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }

    private static void assertFailsWith(ErrorCode code, Uni<?> uni) {
        assertEquals(code, assertThrows(DatablyException.class, () -> await(uni)).code());
    }

    private static void assertDuplicate(String what, Uni<?> uni) {
        DatablyException e = assertThrows(DatablyException.class, () -> await(uni));
        assertEquals(ErrorCode.DUPLICATE, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(what), e.getMessage());
    }

    /** Every record in key order, like an unfiltered list request. */
    private static BoundQuery window(TableDescriptor table, long offset, int limit, boolean count) {
        return new BoundQuery(null, null, List.of(), offset, limit, count ? CountMode.EXACT : CountMode.NONE,
                table.schema().fields());
    }
}
