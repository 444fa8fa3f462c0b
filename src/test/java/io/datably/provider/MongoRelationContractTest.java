package io.datably.provider;

import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;

/** The relation contract on the mongodb provider. */
@QuarkusTest
class MongoRelationContractTest extends RelationContractTests {
    @Override
    protected String providerType() {
        return "mongodb";
    }

    @Inject
    ReactiveMongoClient client;

    @Override
    protected List<String> foreignKeyIndexes(String namespace) {
        var database = client.getDatabase(namespace);
        return database.listCollectionNames().collect().asList().await().indefinitely().stream()
                .flatMap(name -> database.getCollection(name).listIndexes().collect().asList().await().indefinitely()
                        .stream())
                .filter(index -> index.getString("name").matches("fk[0-9]+"))
                .map(index -> index.get("key").toString()).toList();
    }
}
