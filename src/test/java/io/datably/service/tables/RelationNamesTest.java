package io.datably.service.tables;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.provider.spi.Relation;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.testsupport.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Relation names as API.md defines them, and the rule that keeps ambiguous or clashing names apart. */
class RelationNamesTest {
    private static TableSchema schema(String json) {
        return SchemaDescriptorParser.parse(Api.json(json)).schema();
    }

    private static final Map<String, TableSchema> TABLES = Map.of(
            "users", schema("""
                    {"fields": [{"name": "id", "type": "integer"}, {"name": "manager_id", "type": "integer"},
                                {"name": "messages", "type": "integer"}],
                     "primaryKey": ["id"],
                     "foreignKeys": [{"fields": ["manager_id"], "reference": {"resource": "", "fields": ["id"]}}]}"""),
            "messages", schema("""
                    {"fields": [{"name": "id", "type": "integer"}, {"name": "sender_id", "type": "integer"},
                                {"name": "recipient_id", "type": "integer"}, {"name": "topic", "type": "string"},
                                {"name": "topics", "type": "string"}],
                     "primaryKey": ["id"],
                     "foreignKeys": [{"fields": ["sender_id"], "reference": {"resource": "users", "fields": ["id"]}},
                                     {"fields": ["recipient_id"], "reference": {"resource": "users", "fields": ["id"]}},
                                     {"fields": ["topics"], "reference": {"resource": "topics", "fields": ["name"]}}]}"""),
            "topics", schema("""
                    {"fields": [{"name": "name", "type": "string"}], "primaryKey": ["name"]}"""));

    @Test
    void namesFollowTheForeignKeys() {
        assertEquals(Map.of(
                "sender", new Relation("sender", false, "users", List.of("sender_id"), List.of("id")),
                "recipient", new Relation("recipient", false, "users", List.of("recipient_id"), List.of("id")),
                // "topics" is a field: the to-one relation through it takes the _by_ form.
                "topics_by_topics", new Relation("topics_by_topics", false, "topics", List.of("topics"),
                        List.of("name"))), RelationNames.of("messages", TABLES));
    }

    @Test
    void selfReferenceAndAmbiguousToManyRelations() {
        assertEquals(Map.of(
                "manager", new Relation("manager", false, "users", List.of("manager_id"), List.of("id")),
                "users", new Relation("users", true, "users", List.of("id"), List.of("manager_id")),
                // Two keys of messages reference users, and users has a field named messages.
                "messages_by_sender_id", new Relation("messages_by_sender_id", true, "messages", List.of("id"),
                        List.of("sender_id")),
                "messages_by_recipient_id", new Relation("messages_by_recipient_id", true, "messages",
                        List.of("id"), List.of("recipient_id"))), RelationNames.of("users", TABLES));
        assertEquals(List.of("messages"), List.copyOf(RelationNames.of("topics", TABLES).keySet()));
    }
}
