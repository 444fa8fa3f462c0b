package io.datably.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.testsupport.Api;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.junit.jupiter.api.Test;

/**
 * Indexes of MongoDB collections through the API, against the in-process test server: what it keeps is what
 * listIndexes answers (key, unique, partialFilterExpression), so that is what these tests check. The server does
 * not use secondary indexes for queries, ignores partial filters when it enforces uniqueness, and has no text
 * search; a real MongoDB does all three.
 */
@QuarkusTest
class MongoIndexTest {
    @Inject
    ReactiveMongoClient client;

    @Test
    void createsSingleCompoundUniquePartialAndTextIndexes() {
        IndexTest.Fixture f = IndexTest.Fixture.of("mongodb");
        f.api().post(f.indexes(), "{\"fields\":[\"status\"]}").statusCode(201)
                .body("name", equalTo("status_idx")).body("type", equalTo("single"))
                .body("fields", equalTo(List.of("status"))).body("managed", equalTo(false))
                .body("definition.status", equalTo(1));
        f.api().post(f.indexes(), "{\"fields\":[\"status\",\"price\"]}").statusCode(201)
                .body("type", equalTo("compound")).body("fields", equalTo(List.of("status", "price")));
        f.api().post(f.indexes(), "{\"fields\":[\"sku\"],\"unique\":true}").statusCode(201)
                .body("unique", equalTo(true)).body("where.sku.$type", hasItem("string"))
                .body("where.sku.$type", not(hasItem("null")));
        f.api().post(f.indexes(), """
                {"name":"open_over_10","fields":["price"],"where":{"and":[
                  {"field":"status","op":"eq","value":"open"},{"field":"qty","op":"gt","value":1}]}}""")
                .statusCode(201).body("where", equalTo(Map.of("$and", List.of(
                        Map.of("status", Map.of("$eq", "open")), Map.of("qty", Map.of("$gt", 1))))));
        f.api().post(f.indexes(), "{\"fields\":[\"title\"],\"type\":\"text\"}").statusCode(201)
                .body("name", equalTo("title_text_idx")).body("type", equalTo("text"))
                .body("fields", equalTo(List.of("title")));
        f.api().post(f.indexes(), "{\"name\":\"by_id_and_status\",\"fields\":[\"id\",\"status\"]}").statusCode(201)
                .body("fields", equalTo(List.of("id", "status")));

        // The store's own description: names, keys, unique flags and partial filters as sent.
        Map<String, BsonDocument> specs = listIndexes(f);
        assertEquals(List.of("_id_", "ix_by_id_and_status", "ix_open_over_10", "ix_sku_unique_idx", "ix_status_idx",
                "ix_status_price_idx", "ix_title_text_idx"), specs.keySet().stream().sorted().toList());
        assertEquals(BsonDocument.parse("{\"status\": 1, \"price\": 1}"), specs.get("ix_status_price_idx").get("key"));
        assertEquals(BsonDocument.parse("{\"_id\": 1, \"status\": 1}"), specs.get("ix_by_id_and_status").get("key"));
        assertTrue(specs.get("ix_sku_unique_idx").getBoolean("unique").getValue());
        assertFalse(specs.get("ix_status_idx").containsKey("unique"));
        assertEquals("{\"$and\": [{\"status\": {\"$eq\": \"open\"}}, {\"qty\": {\"$gt\": 1}}]}",
                specs.get("ix_open_over_10").getDocument("partialFilterExpression")
                        .toJson(JsonWriterSettings.builder().outputMode(JsonMode.RELAXED).build()));
        assertEquals(BsonDocument.parse("{\"title\": \"text\"}"), specs.get("ix_title_text_idx").get("key"));

        // Listed with the primary key's _id_ (managed); dropped again by name.
        f.api().get(f.indexes()).statusCode(200).body("count", equalTo(7))
                .body("results.find { it.name == '_id_' }.managed", equalTo(true))
                .body("results.find { it.name == '_id_' }.fields", equalTo(List.of("id")));
        f.api().delete(f.indexes() + "_id_/").statusCode(409);
        for (String name : List.of("status_idx", "status_price_idx", "sku_unique_idx", "open_over_10",
                "title_text_idx", "by_id_and_status")) {
            f.api().delete(f.indexes() + name + "/").statusCode(204);
        }
        assertEquals(List.of("_id_"), List.copyOf(listIndexes(f).keySet()));
        f.api().post(f.indexes(), "{\"fields\":[\"status\"]}").statusCode(201);
    }

    @Test
    void refusesWhatMongoDbDoesNotOffer() {
        IndexTest.Fixture f = IndexTest.Fixture.of("mongodb");
        for (String type : List.of("hash", "brin", "gin")) {
            f.api().post(f.indexes(), "{\"fields\":[\"price\"],\"type\":\"" + type + "\"}").statusCode(400)
                    .body("code", equalTo("DS102")).body("errors[0].field", equalTo("type"))
                    .body("detail", containsString("mongodb does not offer " + type));
        }
        f.api().post(f.indexes(), "{\"fields\":[\"price\"],\"type\":\"text\"}").statusCode(400)
                .body("errors[0].field", equalTo("fields[0]"));
        f.api().post(f.indexes(), "{\"fields\":[\"title\"],\"type\":\"text\",\"unique\":true}").statusCode(400)
                .body("errors[0].field", equalTo("unique"));
        f.api().post(f.indexes(), "{\"fields\":[\"id\"]}").statusCode(400).body("errors[0].code", equalTo("redundant"));
        f.api().post(f.indexes(), "{\"fields\":[]}").statusCode(400).body("errors[0].field", equalTo("fields"));
        // Unique over duplicate values (status "open" thrice): 409 naming the field, and nothing is left.
        f.api().post(f.indexes(), "{\"fields\":[\"status\"],\"unique\":true}").statusCode(409)
                .body("code", equalTo("DS110")).body("errors[0].field", equalTo("status"))
                .body("detail", containsString("duplicates exist"));
        assertEquals(List.of("_id_"), List.copyOf(listIndexes(f).keySet()));
        f.api().delete(f.indexes() + "nope").statusCode(404);
    }

    private Map<String, BsonDocument> listIndexes(IndexTest.Fixture f) {
        return client.getDatabase(f.namespace()).getCollection(f.physical(), BsonDocument.class)
                .listIndexes(BsonDocument.class).collect().asList().await().indefinitely().stream()
                .collect(Collectors.toMap(spec -> spec.getString("name").getValue(), spec -> spec,
                        (a, b) -> a, java.util.TreeMap::new));
    }
}
