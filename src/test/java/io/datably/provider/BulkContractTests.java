package io.datably.provider;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bulk changes by filter ({@code PATCH}/{@code DELETE records/?<filters>}) and upserts ({@code POST
 * records/?on_conflict=}) on each provider. Every test works on a fresh table of 30 products and compares the stored
 * records with the same change computed here, record by record. The test profile sets datably.bulk.max-records=25.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BulkContractTests {
    private static final int PRODUCTS = 30;
    private static final int CEILING = 25;
    private static final String[] CATEGORIES = {"toys", "books", "food"};

    private Api api;
    private String ds;
    private String products;
    /** The products as they should be stored, by id, in this test. */
    private Map<Integer, Product> expected;

    protected abstract String providerType();

    /** One product as this test computes it; prices have one decimal place. */
    private record Product(int id, String name, String category, BigDecimal price, int stock, String sku) {
        String json() {
            return "{\"id\":" + id + ",\"name\":" + Api.toJson(name) + ",\"category\":" + Api.toJson(category)
                    + ",\"price\":" + price.toPlainString() + ",\"stock\":" + stock + ",\"sku\":" + Api.toJson(sku)
                    + "}";
        }

        /** Comparable with a stored record whatever scale the store gives the price. */
        String canonical() {
            return id + "|" + name + "|" + category + "|" + price.stripTrailingZeros().toPlainString() + "|" + stock
                    + "|" + sku;
        }

        static Product of(JsonNode record) {
            return new Product(record.get("id").asInt(), record.get("name").asText(), record.get("category").asText(),
                    record.get("price").decimalValue(), record.get("stock").asInt(), record.get("sku").asText());
        }
    }

    @BeforeEach
    void freshProducts() {
        if (api == null) {
            api = Api.newTenant();
            ds = api.createDataSource(providerType());
        }
        String name = "products_" + Api.hex(6);
        products = api.createTable(ds, name, """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"},
                            {"name": "category", "type": "string"}, {"name": "price", "type": "number"},
                            {"name": "stock", "type": "integer"},
                            {"name": "sku", "type": "string", "constraints": {"unique": true}}],
                 "primaryKey": ["id"]}""");
        expected = new LinkedHashMap<>();
        List<String> rows = new ArrayList<>();
        for (int i = 1; i <= PRODUCTS; i++) {
            Product p = new Product(i, "p" + i, CATEGORIES[i % 3], new BigDecimal((i * 37) % 100 + ".5"), i % 4,
                    "SKU-" + i);
            expected.put(i, p);
            rows.add(p.json());
        }
        api.post(products, "[" + String.join(",", rows) + "]").statusCode(201);
    }

    // --- bulk PATCH ---

    @Test
    void patchByFilterChangesExactlyTheMatchingRecords() {
        Predicate<Product> match = p -> p.category().equals("toys") && p.price().compareTo(new BigDecimal("50")) < 0;
        long matched = expected.values().stream().filter(match).count();
        long changed = expected.values().stream().filter(match).filter(p -> p.stock() != 0).count();
        JsonNode answer = patch("?category=toys&price__lt=50", "{\"stock\": 0}", 200);
        assertEquals(matched, answer.get("matched").asLong());
        assertEquals(changed, answer.get("changed").asLong());
        apply(match, p -> new Product(p.id(), p.name(), p.category(), p.price(), 0, p.sku()));
        assertStoredAsExpected();
        // The same change again matches the same records and changes none.
        JsonNode again = patch("?category=toys&price__lt=50", "{\"stock\": 0}", 200);
        assertEquals(matched, again.get("matched").asLong());
        assertEquals(0, again.get("changed").asLong());
    }

    @Test
    void patchTakesGroupsAndSetsSeveralFields() {
        Predicate<Product> match = p -> p.category().equals("books") || p.stock() >= 3;
        JsonNode answer = patch("?or=(category=books,stock__gte=3)", "{\"name\": \"sale\", \"price\": 9.9}", 200);
        assertEquals(expected.values().stream().filter(match).count(), answer.get("matched").asLong());
        apply(match, p -> new Product(p.id(), "sale", p.category(), new BigDecimal("9.9"), p.stock(), p.sku()));
        assertStoredAsExpected();
    }

    @Test
    void dryRunCountsAndChangesNothing() {
        Predicate<Product> match = p -> p.id() <= 10;
        JsonNode answer = patch("?id__lte=10&dry_run=true", "{\"stock\": 1}", 200);
        assertEquals(10, answer.get("matched").asLong());
        assertEquals(expected.values().stream().filter(match).filter(p -> p.stock() != 1).count(),
                answer.get("changed").asLong());
        assertEquals(true, answer.get("dry_run").asBoolean());
        JsonNode deleted = json(api.request().delete(products + "?id__lte=10&dry_run=true"), 200);
        assertEquals(10, deleted.get("matched").asLong());
        assertStoredAsExpected();
    }

    @Test
    void aFilterIsRequired() {
        Api.assertProblem(api.request().body("{\"stock\": 1}").patch(products), 400, "DS101")
                .body("errors[0].field", equalTo("filter"));
        Api.assertProblem(api.request().delete(products + "?dry_run=true"), 400, "DS101")
                .body("errors[0].field", equalTo("filter"));
        Api.assertProblem(api.request().body("{\"stock\": 1}").patch(products + "?id=1&page_size=10"), 400, "DS101")
                .body("errors[0].field", equalTo("page_size"));
        Api.assertProblem(api.request().body("{\"stock\": 1}").patch(products + "?nothing=1"), 400, "DS101");
        assertStoredAsExpected();
    }

    @Test
    void valuesAreValidatedLikeASinglePatch() {
        Api.assertProblem(api.request().body("{\"colour\": \"red\"}").patch(products + "?id=1"), 400, "DS103")
                .body("errors.field", hasItem("colour"));
        Api.assertProblem(api.request().body("{\"stock\": \"many\"}").patch(products + "?id=1"), 400, "DS103")
                .body("errors.field", hasItem("stock"));
        Api.assertProblem(api.request().body("{\"id\": 7}").patch(products + "?id=1"), 400, "DS103")
                .body("errors.field", hasItem("id"));
        Api.assertProblem(api.request().body("[1]").patch(products + "?id=1"), 400, "DS100");
        assertStoredAsExpected();
    }

    @Test
    void aDuplicateOfAUniqueFieldChangesNothing() {
        Api.assertProblem(api.request().body("{\"sku\": \"SAME\"}").patch(products + "?id__lte=3"), 409, "DS110")
                .body("errors.field", hasItem("sku"));
        Api.assertProblem(api.request().body("{\"sku\": \"SKU-9\"}").patch(products + "?id=1"), 409, "DS110")
                .body("errors.field", hasItem("sku"));
        assertStoredAsExpected();
    }

    @Test
    void moreRecordsThanTheCeilingIsAConflictAndChangesNothing() {
        Api.assertProblem(api.request().body("{\"stock\": 9}").patch(products + "?id__gte=1"), 409, "DS112")
                .body("errors[0].field", equalTo("filter"));
        Api.assertProblem(api.request().delete(products + "?id__gte=1"), 409, "DS112");
        assertStoredAsExpected();
        JsonNode answer = patch("?id__gt=" + (PRODUCTS - CEILING), "{\"stock\": 9}", 200);
        assertEquals(CEILING, answer.get("matched").asLong());
        apply(p -> p.id() > PRODUCTS - CEILING, p -> new Product(p.id(), p.name(), p.category(), p.price(), 9,
                p.sku()));
        assertStoredAsExpected();
    }

    @Test
    void referencesOfPatchedValuesAreChecked() {
        String orders = api.createTable(ds, "orders_" + Api.hex(6), """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "product_id", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["product_id"],
                                  "reference": {"resource": "%s", "fields": ["id"]}}]}"""
                .formatted(products.split("/datatables/")[1].replace("/records/", "")));
        api.post(orders, "[{\"id\": 1, \"product_id\": 1}, {\"id\": 2, \"product_id\": 2}]").statusCode(201);
        Api.assertProblem(api.request().body("{\"product_id\": 999}").patch(orders + "?id__gte=1"), 409, "DS111")
                .body("errors.field", hasItem("product_id"));
        JsonNode answer = json(api.request().body("{\"product_id\": 3}").patch(orders + "?id__gte=1"), 200);
        assertEquals(2, answer.get("changed").asLong());
        api.get(orders + "?product_id=3").statusCode(200).body("count", equalTo(2));
        // A filter across the relation, as on the list.
        JsonNode moved = json(api.request().body("{\"product_id\": 1}").patch(orders + "?product__sku=SKU-3&id=2"),
                200);
        assertEquals(1, moved.get("changed").asLong());
        JsonNode deleted = json(api.request().delete(orders + "?product__sku=SKU-3"), 200);
        assertEquals(1, deleted.get("changed").asLong());
        api.get(orders + "?ordering=id").statusCode(200).body("results.id", equalTo(List.of(2)));
    }

    // --- bulk DELETE ---

    @Test
    void deleteByFilterRemovesExactlyTheMatchingRecords() {
        Predicate<Product> match = p -> p.category().equals("food") && !(p.stock() == 2);
        JsonNode answer = json(api.request().delete(products + "?category=food&not=(stock=2)"), 200);
        long count = expected.values().stream().filter(match).count();
        assertEquals(count, answer.get("matched").asLong());
        assertEquals(count, answer.get("changed").asLong());
        expected.values().removeIf(match);
        assertStoredAsExpected();
    }

    @Test
    void onASoftDeleteTableBulkChangesSkipMarkedRecordsAndDeletesMarkUnlessPurging() {
        String notes = api.createTable(ds, "notes_" + Api.hex(6), """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "text", "type": "string"}],
                 "primaryKey": ["id"], "datably:softDelete": true}""");
        api.post(notes, "[{\"id\": 1, \"text\": \"a\"}, {\"id\": 2, \"text\": \"b\"}, {\"id\": 3, "
                + "\"text\": \"c\"}, {\"id\": 4, \"text\": \"d\"}]").statusCode(201);
        api.delete(notes + "2/").statusCode(204);
        // The marked record is not matched: it stays as it was.
        JsonNode changed = json(api.request().body("{\"text\": \"x\"}").patch(notes + "?id__gte=1"), 200);
        assertEquals(3, changed.get("matched").asLong());
        api.get(notes + "?deleted=only").statusCode(200).body("results[0].text", equalTo("b"));
        // A bulk DELETE marks the live records it matches, as a DELETE by key does (the marked one is not matched).
        JsonNode dry = json(api.request().delete(notes + "?id__gte=3&dry_run=true"), 200);
        assertEquals(2, dry.get("matched").asLong());
        JsonNode marked = json(api.request().delete(notes + "?id__gte=2"), 200);
        assertEquals(2, marked.get("matched").asLong());
        assertEquals(2, marked.get("changed").asLong());
        api.get(notes + "?ordering=id").statusCode(200).body("results.id", equalTo(List.of(1)));
        api.get(notes + "?deleted=only&ordering=id").statusCode(200).body("results.id", equalTo(List.of(2, 3, 4)))
                .body("results._deleted_by", equalTo(List.of("local", "local", "local")));
        api.post(notes + "3/restore/", "").statusCode(200).body("text", equalTo("x"));
        // purge=true deletes for good, marked records too.
        JsonNode purged = json(api.request().delete(notes + "?id__lte=2&purge=true"), 200);
        assertEquals(2, purged.get("changed").asLong());
        api.get(notes + "?deleted=include&ordering=id").statusCode(200).body("results.id", equalTo(List.of(3, 4)));
    }

    // --- upserts ---

    @Test
    void upsertOnThePrimaryKeyCreatesAndUpdatesInRequestOrder() {
        Product changed = new Product(2, "renamed", "toys", new BigDecimal("1.5"), 7, "SKU-2");
        Product added = new Product(100, "new", "food", new BigDecimal("3.5"), 1, "SKU-100");
        Response response = api.request().body("[" + added.json() + "," + changed.json() + "]")
                .post(products + "?on_conflict=");
        JsonNode answer = json(response, 201);
        assertEquals(1, answer.get("created").asInt());
        assertEquals(1, answer.get("updated").asInt());
        assertEquals("created", answer.at("/results/0/action").asText());
        assertEquals(added.canonical(), Product.of(answer.at("/results/0/record")).canonical());
        assertEquals("updated", answer.at("/results/1/action").asText());
        assertEquals(changed.canonical(), Product.of(answer.at("/results/1/record")).canonical());
        expected.put(2, changed);
        expected.put(100, added);
        assertStoredAsExpected();
        // All updated: 200.
        JsonNode again = json(api.request().body(changed.json()).post(products + "?on_conflict=id"), 200);
        assertEquals(0, again.get("created").asInt());
    }

    @Test
    void upsertOnAUniqueFieldKeepsTheStoredKey() {
        Product byKey = new Product(500, "by sku", "books", new BigDecimal("2.5"), 3, "SKU-4");
        JsonNode answer = json(api.request().body(byKey.json()).post(products + "?on_conflict=sku"), 200);
        assertEquals("updated", answer.at("/results/0/action").asText());
        Product stored = new Product(4, "by sku", "books", new BigDecimal("2.5"), 3, "SKU-4");
        assertEquals(stored.canonical(), Product.of(answer.at("/results/0/record")).canonical());
        expected.put(4, stored);
        assertStoredAsExpected();
    }

    @Test
    void upsertRefusesWhatCreateRefuses() {
        Api.assertProblem(api.request().body("{\"id\": 1}").post(products + "?on_conflict=name"), 400, "DS101")
                .body("errors[0].field", equalTo("on_conflict"));
        Api.assertProblem(api.request().body("{\"id\": 1}").post(products + "?on_conflict=colour"), 400, "DS101")
                .body("errors[0].field", equalTo("on_conflict"));
        Product one = expected.get(1);
        Api.assertProblem(api.request().body("[" + one.json() + "," + one.json() + "]").post(products
                + "?on_conflict="), 400, "DS103").body("errors.field", hasItem("[1].id"));
        Api.assertProblem(api.request().body("[" + one.json() + ",{\"id\": 3, \"price\": \"cheap\"}]")
                .post(products + "?on_conflict="), 400, "DS103").body("errors.field", hasItem("[1].price"));
        Api.assertProblem(api.request().body(one.json().replace("SKU-1", "SKU-5")).post(products + "?on_conflict="),
                409, "DS110").body("errors.field", hasItem("sku"));
        assertStoredAsExpected();
    }

    // --- helpers ---

    private JsonNode patch(String query, String body, int status) {
        return json(api.request().body(body).patch(products + query), status);
    }

    private static JsonNode json(Response response, int status) {
        response.then().log().ifValidationFails().statusCode(status);
        return Api.json(response);
    }

    private void apply(Predicate<Product> match, UnaryOperator<Product> change) {
        expected.replaceAll((id, p) -> match.test(p) ? change.apply(p) : p);
    }

    private void assertStoredAsExpected() {
        JsonNode results = json(api.request().get(products + "?ordering=id&page_size=1000"), 200).get("results");
        List<String> stored = new ArrayList<>();
        results.forEach(r -> stored.add(Product.of(r).canonical()));
        assertEquals(expected.values().stream().map(Product::canonical).toList(), stored);
    }
}
