package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.testsupport.Api;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Relations on each provider: filters through to-one and to-many relations (nested, negated, ORed, one related
 * record for ANDed conditions, a self-reference), in aggregates too, and {@code expand=} (to-one, to-many with
 * limits, nested, with fields). Expected rows and embedded records are computed here from the same fixtures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class RelationContractTests {
    record Country(String code, String name) {
        ObjectNode json() {
            return object().put("code", code).put("name", name);
        }
    }

    record Author(int id, String name, String countryCode, Integer mentorId) {
        ObjectNode json() {
            ObjectNode o = object().put("id", id).put("name", name);
            o.set("country_id", countryCode == null ? NullNode.getInstance() : o.textNode(countryCode));
            o.set("mentor_id", mentorId == null ? NullNode.getInstance() : o.numberNode(mentorId));
            return o;
        }
    }

    record Post(int id, String title, Integer authorId) {
        ObjectNode json() {
            ObjectNode o = object().put("id", id).put("title", title);
            o.set("author_id", authorId == null ? NullNode.getInstance() : o.numberNode(authorId));
            return o;
        }
    }

    record Comment(int id, int postId, int authorId, boolean approved, String body) {
        ObjectNode json() {
            return object().put("id", id).put("post_id", postId).put("author_id", authorId).put("approved", approved)
                    .put("body", body);
        }
    }

    static final List<Country> COUNTRIES = List.of(new Country("nl", "Netherlands"), new Country("fr", "France"));
    static final List<Author> AUTHORS = List.of(new Author(1, "Ann", "nl", null), new Author(2, "Bob", "fr", 1),
            new Author(3, "Cid", null, 1), new Author(4, "Dee", "nl", 2));
    static final List<Post> POSTS = List.of(new Post(10, "Hello", 1), new Post(11, "Second", 1),
            new Post(12, "Bonjour", 2), new Post(13, "Orphan", null), new Post(14, "Dee's", 4));
    static final List<Comment> COMMENTS = List.of(new Comment(100, 10, 2, true, "nice"),
            new Comment(101, 10, 3, false, "spam"), new Comment(102, 12, 1, true, "merci"),
            new Comment(103, 12, 1, false, "meh"), new Comment(104, 11, 4, true, "ok"),
            new Comment(105, 14, 2, false, "x"));

    private Api api;
    private String ds;

    protected abstract String providerType();

    @BeforeEach
    void loadOnce() {
        if (api != null) {
            return;
        }
        api = Api.newTenant();
        ds = api.createDataSource(providerType());
        create("countries", """
                {"fields": [{"name": "code", "type": "string"}, {"name": "name", "type": "string"}],
                 "primaryKey": ["code"]}""", COUNTRIES.stream().map(Country::json));
        create("authors", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"},
                            {"name": "country_id", "type": "string"}, {"name": "mentor_id", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["country_id"], "reference": {"resource": "countries", "fields": ["code"]}},
                                 {"fields": ["mentor_id"], "reference": {"resource": "", "fields": ["id"]}}]}""",
                AUTHORS.stream().map(Author::json));
        create("posts", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "title", "type": "string"},
                            {"name": "author_id", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["author_id"], "reference": {"resource": "authors", "fields": ["id"]}}]}""",
                POSTS.stream().map(Post::json));
        create("comments", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "post_id", "type": "integer"},
                            {"name": "author_id", "type": "integer"}, {"name": "approved", "type": "boolean"},
                            {"name": "body", "type": "string"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["post_id"], "reference": {"resource": "posts", "fields": ["id"]}},
                                 {"fields": ["author_id"], "reference": {"resource": "authors", "fields": ["id"]}}]}""",
                COMMENTS.stream().map(Comment::json));
    }

    private void create(String name, String schema, Stream<ObjectNode> records) {
        String path = api.createTable(ds, name, schema);
        api.post(path, records.map(Object::toString).toList().toString()).statusCode(201);
    }

    // ---- filters through relations -------------------------------------------------------------------------

    @Test
    void toOne() {
        assertPosts("author__name=Ann", p -> "Ann".equals(authorName(p)));
        assertPosts("author__name__in=Bob,Dee&title__icontains=e", p -> ("Bob".equals(authorName(p))
                || "Dee".equals(authorName(p))) && p.title().toLowerCase().contains("e"));
    }

    @Test
    void toOneNested() {
        assertPosts("author__country__name=Netherlands", p -> author(p.authorId()) != null
                && "nl".equals(author(p.authorId()).countryCode()));
    }

    @Test
    void toMany() {
        assertAuthors("posts__title__icontains=o", a -> POSTS.stream()
                .anyMatch(p -> Objects.equals(p.authorId(), a.id()) && p.title().toLowerCase().contains("o")));
    }

    @Test
    void conditionsOnOneRelationAreAboutOneRelatedRecord() {
        // Bob wrote an approved comment on 10 and an unapproved one on 14: only 14 has one comment with both.
        assertPosts("comments__approved=false&comments__author__name=Bob", p -> COMMENTS.stream()
                .anyMatch(c -> c.postId() == p.id() && !c.approved() && c.authorId() == 2));
        assertEquals(List.of(14), ids(api.get(records("posts") + "?comments__approved=false"
                + "&comments__author__name=Bob").statusCode(200).extract().asString()));
    }

    @Test
    void negatedAndOredRelations() {
        assertPosts("not=(author__name=Ann)", p -> !"Ann".equals(authorName(p)));
        assertPosts("or=(author__name=Bob,title=Orphan)", p -> "Bob".equals(authorName(p))
                || p.title().equals("Orphan"));
        assertAuthors("not=(posts__id__gte=0)", a -> POSTS.stream().noneMatch(p -> Objects.equals(p.authorId(),
                a.id())));
    }

    @Test
    void selfReference() {
        assertAuthors("mentor__name=Ann", a -> a.mentorId() != null && a.mentorId() == 1);
        assertAuthors("authors__name=Dee", a -> AUTHORS.stream().anyMatch(m -> m.name().equals("Dee")
                && Objects.equals(m.mentorId(), a.id())));
        assertAuthors("mentor__mentor__name=Ann", a -> a.mentorId() != null && author(a.mentorId()).mentorId() != null
                && author(a.mentorId()).mentorId() == 1);
    }

    @Test
    void jsonFormAndAggregates() {
        String body = """
                {"where": {"or": [{"field": "author__country__code", "op": "eq", "value": "fr"},
                                  {"field": "comments__body", "op": "eq", "value": "ok"}]}, "order_by": ["id"]}""";
        List<Integer> expected = POSTS.stream().filter(p -> (author(p.authorId()) != null
                && "fr".equals(author(p.authorId()).countryCode())) || COMMENTS.stream()
                .anyMatch(c -> c.postId() == p.id() && c.body().equals("ok"))).map(Post::id).toList();
        assertEquals(expected, ids(api.post(records("posts") + "query/", body).statusCode(200).extract().asString()));
        String rows = api.get(records("posts") + "aggregate/?author__country__name=Netherlands&aggregates=count(*)")
                .statusCode(200).extract().asString();
        assertEquals(3, Api.json(rows).path("results").path(0).path("count").asInt(), rows);
    }

    // ---- expand ---------------------------------------------------------------------------------------------

    @Test
    void expandToOne() {
        JsonNode results = list(records("posts") + "?expand=author&ordering=id");
        ArrayNode expected = JsonNodeFactory.instance.arrayNode();
        POSTS.forEach(p -> expected.add(p.json().set("author", authorJson(p.authorId()))));
        assertEquals(expected, results);
    }

    @Test
    void expandToManyNestedWithLimitsAndFields() {
        JsonNode results = list(records("authors") + "?expand=posts:1,posts.comments,country&fields=name&ordering=id");
        ArrayNode expected = JsonNodeFactory.instance.arrayNode();
        for (Author a : AUTHORS) {
            ObjectNode o = object().put("name", a.name());
            ArrayNode posts = o.putArray("posts");
            POSTS.stream().filter(p -> Objects.equals(p.authorId(), a.id())).sorted(Comparator.comparing(Post::id))
                    .limit(1).forEach(p -> {
                        ObjectNode post = p.json();
                        ArrayNode comments = post.putArray("comments");
                        COMMENTS.stream().filter(c -> c.postId() == p.id()).map(Comment::json).forEach(comments::add);
                        posts.add(post);
                    });
            o.set("country", COUNTRIES.stream().filter(c -> c.code().equals(a.countryCode())).findFirst()
                    .<JsonNode>map(Country::json).orElse(NullNode.getInstance()));
            expected.add(o);
        }
        assertEquals(expected, results);
    }

    @Test
    void expandSelfReferenceBothWays() {
        JsonNode results = list(records("authors") + "?expand=mentor.mentor,authors:2&id__in=1,4&ordering=-id");
        ArrayNode expected = JsonNodeFactory.instance.arrayNode();
        for (Author a : List.of(author(4), author(1))) {
            ObjectNode o = a.json();
            ObjectNode mentor = authorJson(a.mentorId()) instanceof ObjectNode m ? m : null;
            if (mentor != null) {
                mentor.set("mentor", authorJson(author(a.mentorId()).mentorId()));
            }
            o.set("mentor", mentor == null ? NullNode.getInstance() : mentor);
            ArrayNode mentees = o.putArray("authors");
            AUTHORS.stream().filter(m -> Objects.equals(m.mentorId(), a.id())).limit(2).map(Author::json)
                    .forEach(mentees::add);
            expected.add(o);
        }
        assertEquals(expected, results);
    }

    @Test
    void expandWithFilterThroughTheSameRelationAndJsonForm() {
        String body = """
                {"where": {"field": "comments__approved", "op": "eq", "value": true},
                 "expand": ["comments:1"], "fields": ["id"], "order_by": ["-id"]}""";
        JsonNode results = Api.json(api.post(records("posts") + "query/", body).statusCode(200).extract().asString())
                .path("results");
        ArrayNode expected = JsonNodeFactory.instance.arrayNode();
        POSTS.stream().filter(p -> COMMENTS.stream().anyMatch(c -> c.postId() == p.id() && c.approved()))
                .sorted(Comparator.comparing(Post::id).reversed()).forEach(p -> {
                    ObjectNode o = object().put("id", p.id());
                    ArrayNode comments = o.putArray("comments");
                    COMMENTS.stream().filter(c -> c.postId() == p.id()).limit(1).map(Comment::json)
                            .forEach(comments::add);
                    expected.add(o);
                });
        assertEquals(expected, results);
    }

    @Test
    void readByKeyExpandsAsTheListDoes() {
        for (String shape : List.of("expand=author,comments:1&fields=title", "expand=comments.author.country",
                "fields=id")) {
            JsonNode one = Api.json(api.get(records("posts") + "12/?" + shape).statusCode(200).extract().asString());
            assertEquals(list(records("posts") + "?id=12&" + shape).get(0), one, shape);
        }
        JsonNode post = Api.json(api.get(records("posts") + "10/?expand=author,comments:1&fields=title").statusCode(200)
                .extract().asString());
        ObjectNode expected = object().put("title", "Hello");
        expected.set("author", author(1).json());
        expected.putArray("comments").add(COMMENTS.get(0).json());
        assertEquals(expected, post);
        JsonNode author = Api.json(api.get(records("authors") + "4/?expand=mentor.mentor,country,posts")
                .statusCode(200).extract().asString());
        assertEquals(list(records("authors") + "?id=4&expand=mentor.mentor,country,posts").get(0), author);
        assertEquals("Ann", author.path("mentor").path("mentor").path("name").asText());
        api.get(records("posts") + "10/?expand=nope").statusCode(400).body("code", equalTo("DS101"))
                .body("errors[0].field", equalTo("expand")).body("detail", containsString("unknown relation 'nope'"));
        api.get(records("posts") + "10/?expand=author:3").statusCode(400)
                .body("detail", containsString("to-many relations only"));
        api.get(records("posts") + "999/?expand=author").statusCode(404);
    }

    /** The definitions of the indexes on referencing fields, for the tables of this test's tenant. */
    protected abstract List<String> foreignKeyIndexes(String namespace);

    @Test
    void referencingFieldsAreIndexed() {
        List<String> indexes = foreignKeyIndexes("t_" + api.tenantId());
        assertEquals(5, indexes.size(), indexes.toString());
        for (String field : List.of("country_id", "mentor_id", "author_id", "post_id")) {
            assertTrue(indexes.stream().anyMatch(def -> def.contains(field)), field + " in " + indexes);
        }
    }

    // ---- refusals -------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "author__nope=1                | unknown field 'nope'",
        "nope__name=1                  | unknown relation 'nope'",
        "title__name=1                 | 'title' is a field, not a relation",
        "author=1                      | 'author' is a relation; filter one of its fields",
        "author__posts__comments__post__author__name=x | more than 4 relations",
        "expand=nope                   | unknown relation 'nope'",
        "expand=author:3               | a limit applies to to-many relations only",
        "expand=comments:0             | between 1 and",
        "expand=comments:100000        | between 1 and",
        "expand=author.posts.comments.post.author | more than 4 relations",
        "ordering=author__name         | only filters follow relations",
        "fields=author__name           | only filters follow relations",
        "expand=author%3Bdrop          | unknown relation",
        "author__name%27%3B--=1        | unknown field",
        "expand=%24lookup              | unknown relation '$lookup'",
    })
    void refusalsNameTheCulprit(String query, String message) {
        api.request().urlEncodingEnabled(false).get(records("posts") + "?" + query).then().log().ifValidationFails()
                .statusCode(400)
                .body("detail", containsString(message));
    }

    @Test
    void injectionThroughRelationValuesIsData() {
        // Refused before routing, as every URL parameter holding a NUL is: named as sent.
        api.request().queryParam("author__name", "Ann\u0000").get(records("posts")).then().statusCode(400)
                .body("detail", containsString("'author__name'")).body("code", equalTo("DS101"));
        for (String value : List.of("Ann'; DROP TABLE posts; --", "{\"$gt\": \"\"}", "$where", "Ann\\u0000")) {
            String body = api.request().queryParam("author__name", value).queryParam("expand", "author")
                    .get(records("posts")).then().log().ifValidationFails().extract().asString();
            assertEquals("[]", Api.json(body).path("results").toString(), value + " -> " + body);
        }
        assertEquals(POSTS.size(), ids(api.get(records("posts") + "?page_size=100").statusCode(200).extract()
                .asString()).size());
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private String records(String table) {
        return ds + "/datatables/" + table + "/records/";
    }

    private JsonNode list(String url) {
        return Api.json(api.get(url).statusCode(200).extract().asString()).path("results");
    }

    private void assertPosts(String filter, Predicate<Post> expected) {
        assertIds(records("posts") + "?ordering=id&" + filter, POSTS.stream().filter(expected).map(Post::id));
    }

    private void assertAuthors(String filter, Predicate<Author> expected) {
        assertIds(records("authors") + "?ordering=id&" + filter, AUTHORS.stream().filter(expected).map(Author::id));
    }

    private void assertIds(String url, Stream<Integer> expected) {
        assertEquals(expected.toList(), ids(api.get(url).statusCode(200).extract().asString()), url);
    }

    private static List<Integer> ids(String body) {
        return stream(Api.json(body).path("results")).map(r -> r.path("id").asInt()).toList();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    private static Author author(Integer id) {
        return id == null ? null : AUTHORS.stream().filter(a -> a.id() == id).findFirst().orElseThrow();
    }

    private static String authorName(Post p) {
        return p.authorId() == null ? null : author(p.authorId()).name();
    }

    private static JsonNode authorJson(Integer id) {
        return id == null ? NullNode.getInstance() : author(id).json();
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
