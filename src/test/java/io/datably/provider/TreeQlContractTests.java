package io.datably.provider;

import static org.hamcrest.Matchers.equalTo;

import io.datably.testsupport.Api;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The TreeQL API on each provider, for what PHP-CRUD-API's fixtures leave out: every match type and negation,
 * nested OR groups, relation filters, size/page combinations, joins (belongs-to, has-many, many-to-many, paths)
 * and the error codes. Tables are made through the native API (no adoption), so this runs on jsonb and mongodb too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TreeQlContractTests {
    private Api api;
    private String base;

    protected abstract String providerType();

    @BeforeEach
    void blog() {
        if (api != null) {
            return;
        }
        api = Api.newTenant();
        String ds = api.createDataSource(providerType());
        table(ds, "categories", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}],
                 "primaryKey": ["id"]}""", "[{\"id\": 1, \"name\": \"news\"}, {\"id\": 2, \"name\": \"howto\"}]");
        table(ds, "posts", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "category_id", "type": "integer"},
                            {"name": "title", "type": "string"}, {"name": "views", "type": "integer"},
                            {"name": "published", "type": "boolean"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["category_id"], "reference": {"resource": "categories", "fields": ["id"]}}]}""",
                """
                [{"id": 1, "category_id": 1, "title": "Hello world", "views": 10, "published": true},
                 {"id": 2, "category_id": 2, "title": "How to 50%", "views": 20, "published": false},
                 {"id": 3, "category_id": 1, "title": "Third", "views": null, "published": true},
                 {"id": 4, "category_id": 2, "title": "world tour", "views": 40, "published": true}]""");
        table(ds, "tags", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}],
                 "primaryKey": ["id"]}""", "[{\"id\": 1, \"name\": \"funny\"}, {\"id\": 2, \"name\": \"long\"}]");
        table(ds, "post_tags", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "post_id", "type": "integer"},
                            {"name": "tag_id", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["post_id"], "reference": {"resource": "posts", "fields": ["id"]}},
                                 {"fields": ["tag_id"], "reference": {"resource": "tags", "fields": ["id"]}}]}""",
                "[{\"id\": 1, \"post_id\": 1, \"tag_id\": 1}, {\"id\": 2, \"post_id\": 1, \"tag_id\": 2},"
                        + " {\"id\": 3, \"post_id\": 4, \"tag_id\": 2}]");
        base = ds + "/records/";
    }

    private void table(String ds, String name, String schema, String records) {
        api.post(api.createTable(ds, name, schema), records).statusCode(201);
    }

    private ValidatableResponse get(String path) {
        return api.request().urlEncodingEnabled(false).get(base + path).then().log().ifValidationFails()
                .statusCode(200).contentType("application/json; charset=utf-8");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "filter=title,cs,world                        | 1,4",
        "filter=title,ncs,world                       | 2,3",
        "filter=title,sw,How                          | 2",
        "filter=title,nsw,How                         | 1,3,4",
        "filter=title,ew,tour                         | 4",
        "filter=title,new,tour                        | 1,2,3",
        "filter=title,cs,50%25                        | 2",
        "filter=title,cs,5_                           | ''",
        "filter=id,eq,2                               | 2",
        "filter=id,neq,2                              | 1,3,4",
        "filter=views,lt,20                           | 1",
        "filter=views,le,20                           | 1,2",
        "filter=views,ge,20                           | 2,4",
        "filter=views,gt,20                           | 4",
        "filter=views,nlt,20                          | 2,4",
        "filter=views,bt,10,20                        | 1,2",
        "filter=views,nbt,10,20                       | 4",
        "filter=id,in,1,3,9                           | 1,3",
        "filter=id,nin,1,3                            | 2,4",
        "filter=views,is                              | 3",
        "filter=views,nis                             | 1,2,4",
        "filter=published,eq,1                        | 1,3,4",
        "filter=published,eq,false                    | 2",
        "filter=id,gt,1&filter=id,lt,4                | 2,3",
        "filter1=id,eq,1&filter2=id,eq,4              | 1,4",
        "filter=published,eq,1&filter1=id,eq,1&filter2=id,eq,2 | 1",
        "filter1=id,eq,1&filter1=views,eq,10&filter2=id,eq,2  | 1,2",
        "filter1=published,eq,1&filter1a=id,eq,1&filter1b=id,eq,3&filter2=id,eq,2 | 1,2,3",
        "filter=categories.name,eq,howto              | 2,4",
        "filter=tags.name,eq,long                     | 1,4",
        "filter=post_tags.tag_id,neq,1                | 1,4",
        "filter=nope.name,eq,x&filter=unknown,eq,1    | 1,2,3,4",
        "filter=id,zz,1&filter=id                     | 1,2,3,4",
        "order=views,desc&filter=views,nis            | 4,2,1",
        "order=category_id&order=id,desc              | 3,1,4,2",
        "size=2&order=id,desc                         | 4,3",
        "size=0                                       | ''",
    })
    void filtersOrderAndSize(String query, String ids) {
        List<Integer> expected = ids.isEmpty() ? List.of()
                : java.util.Arrays.stream(ids.split(",")).map(Integer::valueOf).toList();
        get("posts?" + query).body("records.id", equalTo(expected));
    }

    @Test
    void pages() {
        get("posts?page=2,2").body("records.id", equalTo(List.of(3, 4))).body("results", equalTo(4));
        get("posts?page=1").body("records.id", equalTo(List.of(1, 2, 3, 4))).body("results", equalTo(4));
        get("posts?page=3,3&filter=id,gt,0").body("records.id", equalTo(List.of())).body("results", equalTo(4));
        get("posts?page=1,0").body("records", equalTo(List.of())).body("results", equalTo(4));
    }

    @Test
    void joins() {
        get("posts/1?join=categories&include=id,categories.name").body("id", equalTo(1))
                .body("category_id", equalTo(Map.of("id", 1, "name", "news")));
        get("posts?join=tags&filter=id,eq,4").body("records[0].tags.name", equalTo(List.of("long")));
        get("posts?join=post_tags,tags&filter=id,eq,1").body("records[0].post_tags.tag_id.name",
                equalTo(List.of("funny", "long")));
        get("categories?join=posts&filter=id,eq,2&exclude=posts.title,posts.views,posts.published")
                .body("records[0].posts", equalTo(List.of(Map.of("id", 2, "category_id", 2),
                        Map.of("id", 4, "category_id", 2))));
        get("posts/2,1?include=title").body("title", equalTo(List.of("How to 50%", "Hello world")));
    }

    @Test
    void writesAndErrorCodes() {
        api.post(base + "tags", "{\"id\": 3, \"name\": \"new\"}").statusCode(200).body(equalTo("3"));
        api.put(base + "tags/3", "{\"name\": \"newer\", \"color\": \"ignored\"}").statusCode(200).body(equalTo("1"));
        get("tags/3").body("name", equalTo("newer"));
        api.delete(base + "tags/3").statusCode(200).body(equalTo("1"));
        error(api.get(base + "nope"), 404, 1001);
        error(api.get(base + "tags/99"), 404, 1003);
        error(api.put(base + "tags/1,2", "{\"name\": \"x\"}"), 422, 1002);
        error(api.post(base + "tags", "{\"id\": 1,"), 422, 1008);
        // 1009 and 1010 answer PHP-CRUD-API's bodies exactly (its clients and fixtures compare them whole): no details.
        error(api.post(base + "tags", "{\"id\": 1, \"name\": \"dup\"}"), 409, 1009)
                .body("keySet()", equalTo(java.util.Set.of("code", "message")));
        error(api.post(base + "posts", "{\"id\": 9, \"category_id\": 99, \"title\": \"x\"}"), 409, 1010)
                .body("keySet()", equalTo(java.util.Set.of("code", "message")));
        // 1013 names each culprit field in details, as PHP-CRUD-API's validation does.
        error(api.post(base + "posts", "{\"id\": \"nine\", \"views\": \"many\"}"), 422, 1013)
                .body("details.keySet()", equalTo(java.util.Set.of("id", "views")));
        error(api.get(base.replace("/records/", "/nothing/here")), 404, 1000);
    }

    @Test
    void incrementsAndAllOrNothingMultiWrites() {
        api.request().body("{\"views\": 5}").patch(base + "posts/1").then().statusCode(200).body(equalTo("1"));
        get("posts/1").body("views", equalTo(15));
        api.request().body("[{\"views\": 1}, {\"views\": -1}]").patch(base + "posts/1,2").then().statusCode(200)
                .body(equalTo("[1,1]"));
        get("posts/1,2").body("views", equalTo(List.of(16, 19)));
        api.request().body("{\"views\": \"x\"}").patch(base + "posts/1").then().statusCode(422)
                .body("code", equalTo(1013));
        // One bad item: 424 with a result per item, and nothing written.
        api.put(base + "posts/1,2", "[{\"title\": \"changed\"}, {\"views\": \"many\"}]").statusCode(424)
                .contentType("application/json; charset=utf-8")
                .body("code", equalTo(List.of(0, 1013)));
        api.put(base + "posts/1,99", "[{\"title\": \"changed\"}, {\"title\": \"x\"}]").statusCode(424)
                .body("code", equalTo(List.of(0, 1003)));
        api.delete(base + "tags/1,99").statusCode(424).body("code", equalTo(List.of(0, 1003)));
        api.post(base + "tags", "[{\"id\": 10, \"name\": \"a\"}, {\"id\": \"ten\"}]").statusCode(424)
                .body("code", equalTo(List.of(0, 1013)));
        // A store failure midway (an unknown category) undoes the items already written.
        api.put(base + "posts/1,2", "[{\"title\": \"changed\"}, {\"category_id\": 99}]").statusCode(424)
                .body("code", equalTo(List.of(0, 1010)));
        // Deleting a referenced record is refused on every provider (foreign keys restrict), undoing the whole call.
        api.post(base + "categories", "{\"id\": 3, \"name\": \"empty\"}").statusCode(200);
        api.delete(base + "categories/3,1").statusCode(424).body("code", equalTo(List.of(0, 1010)));
        get("categories/3").body("name", equalTo("empty"));
        api.delete(base + "categories/3").statusCode(200);
        get("posts/1").body("title", equalTo("Hello world"));
        get("categories?order=id").body("records.name", equalTo(List.of("news", "howto")));
        get("tags?filter=id,eq,10").body("records", equalTo(List.of()));
        get("tags/1").body("name", equalTo("funny"));
        api.put(base + "posts/1,2", "[{\"views\": 10}, {\"views\": 20}]").statusCode(200).body(equalTo("[1,1]"));
    }

    @Test
    void includeWithJoinKeepsTheKeysNestingNeedsAtEveryLevel() {
        String ds = base.replace("/records/", "");
        table(ds, "authors", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}],
                 "primaryKey": ["id"]}""", "[{\"id\": 1, \"name\": \"Ann\"}, {\"id\": 2, \"name\": \"Bob\"}]");
        table(ds, "books", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "author_id", "type": "integer"},
                            {"name": "title", "type": "string"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["author_id"], "reference": {"resource": "authors", "fields": ["id"]}}]}""",
                "[{\"id\": 1, \"author_id\": 1, \"title\": \"A\"}, {\"id\": 2, \"author_id\": 2, \"title\": \"B\"}]");
        // reviews reference both books and authors: PHP-CRUD-API then keeps both tables' keys on a join between them.
        table(ds, "reviews", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "book_id", "type": "integer"},
                            {"name": "author_id", "type": "integer"}, {"name": "stars", "type": "integer"}],
                 "primaryKey": ["id"],
                 "foreignKeys": [{"fields": ["book_id"], "reference": {"resource": "books", "fields": ["id"]}},
                                 {"fields": ["author_id"], "reference": {"resource": "authors", "fields": ["id"]}}]}""",
                "[{\"id\": 1, \"book_id\": 1, \"author_id\": 1, \"stars\": 5}]");
        get("books?join=authors&include=author_id,authors.name&filter=id,eq,1").body("records[0]",
                equalTo(Map.of("id", 1, "author_id", Map.of("id", 1, "name", "Ann"))));
        get("books/1?join=authors&include=authors.name").body("", equalTo(Map.of("id", 1,
                "author_id", Map.of("id", 1, "name", "Ann"))));
        get("authors?join=books,reviews&include=name,reviews.stars&filter=id,eq,1").body("records[0]",
                equalTo(Map.of("id", 1, "name", "Ann", "books", List.of(Map.of("id", 1, "author_id", 1,
                        "reviews", List.of(Map.of("book_id", 1, "stars", 5)))))));
        // Without include nothing is added, and exclude alone may drop keys.
        get("books/2?join=authors&exclude=id,authors.id").body("", equalTo(Map.of("author_id", Map.of("name", "Bob"),
                "title", "B")));
        // Where no third table links them, only the keys of the relation itself: the post's id is not added.
        get("posts/1?join=categories&include=category_id,categories.name").body("",
                equalTo(Map.of("category_id", Map.of("id", 1, "name", "news"))));
    }

    @Test
    void arrayCreateRefusedByTheStoreAnswersOneResultPerItemAndWritesNothing() {
        // The unknown category is found by the store (PostgreSQL's foreign key on flat_table): 424, the culprit named.
        api.post(base + "posts", "[{\"id\": 20, \"category_id\": 1, \"title\": \"good\"},"
                + " {\"id\": 21, \"category_id\": 99, \"title\": \"bad\"}]").statusCode(424)
                .contentType("application/json; charset=utf-8")
                .body("code", equalTo(List.of(0, 1010)))
                .body("message", equalTo(List.of("Success", "Data integrity violation")));
        get("posts?filter=id,ge,20").body("records", equalTo(List.of()));
        api.post(base + "posts", "[{\"id\": 22, \"category_id\": 98, \"title\": \"bad\"},"
                + " {\"id\": 23, \"category_id\": 2, \"title\": \"good\"}]").statusCode(424)
                .body("code", equalTo(List.of(1010, 0)));
        get("posts?filter=id,ge,20").body("records", equalTo(List.of()));
    }

    @Test
    void takesADateForADatetimeAsItsWholeDay() {
        String ds = base.replace("/records/", "");
        table(ds, "events", """
                {"fields": [{"name": "id", "type": "integer"}, {"name": "at", "type": "datetime"}],
                 "primaryKey": ["id"]}""", """
                [{"id": 1, "at": "2024-01-31T23:59:59Z"}, {"id": 2, "at": "2024-02-01T00:00:00Z"},
                 {"id": 3, "at": "2024-02-29T23:59:59.999999Z"}, {"id": 4, "at": "2024-03-01T00:00:00Z"},
                 {"id": 5, "at": null}]""");
        get("events?filter=at,bt,2024-02-01,2024-02-29").body("records.id", equalTo(List.of(2, 3)));
        get("events?filter=at,le,2024-02-29").body("records.id", equalTo(List.of(1, 2, 3)));
        get("events?filter=at,gt,2024-02-29").body("records.id", equalTo(List.of(4)));
        get("events?filter=at,eq,2024-02-01").body("records.id", equalTo(List.of(2)));
        get("events?filter=at,neq,2024-02-01").body("records.id", equalTo(List.of(1, 3, 4)));
        get("events?filter=at,in,2024-01-31,2024-03-01").body("records.id", equalTo(List.of(1, 4)));
    }

    @Test
    void openApiDescribesEveryTable() {
        api.request().get(base.replace("/records/", "/openapi")).then().statusCode(200)
                .contentType("application/json; charset=utf-8")
                .body("openapi", equalTo("3.0.0"))
                .body("paths.keySet()", org.hamcrest.Matchers.hasItems("/records/posts", "/records/posts/{id}",
                        "/records/tags", "/records/post_tags/{id}", "/records/categories"))
                .body("components.schemas.posts.properties.views.type", equalTo("integer"))
                .body("components.schemas.posts.properties.published.type", equalTo("boolean"))
                .body("components.schemas.posts.required", equalTo(List.of("id")))
                .body("paths.'/records/posts/{id}'.patch.operationId", equalTo("incrementposts"))
                // PUT and PATCH take the patch schema: a partial update sends only what changes.
                .body("components.schemas.'posts.patch'.required", org.hamcrest.Matchers.nullValue())
                .body("components.schemas.'posts.patch'.properties.views.nullable", equalTo(true))
                .body("paths.'/records/posts/{id}'.put.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/posts.patch"))
                .body("paths.'/records/posts/{id}'.patch.requestBody.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/posts.patch"))
                .body("paths.'/records/posts'.get.parameters.name",
                        equalTo(List.of("filter", "include", "exclude", "order", "size", "page", "join")))
                .body("paths.'/records/posts'.get.parameters[0].explode", equalTo(true))
                .body("paths.'/records/posts'.get.parameters[0].schema.type", equalTo("array"));
    }

    /** The document describes what TreeQL sends: its timestamps, lists' items and the schema's constraints. */
    @Test
    void openApiKeepsEncodingsAndConstraints() {
        table(base.replace("/records/", ""), "gadgets", """
                {"fields": [{"name": "id", "type": "integer", "constraints": {"minimum": 1}},
                            {"name": "at", "type": "datetime"},
                            {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b"], "maxLength": 5}},
                            {"name": "mail", "type": "string", "format": "email"},
                            {"name": "sizes", "type": "list", "itemType": "integer"}],
                 "primaryKey": ["id"]}""", "[{\"id\": 1, \"at\": \"2024-01-15T10:00:00.5Z\", \"kind\": \"a\"}]");
        String pattern = api.request().get(base.replace("/records/", "/openapi")).then().statusCode(200)
                .body("components.schemas.gadgets.properties.at.type", equalTo("string"))
                .body("components.schemas.gadgets.properties.at.format", org.hamcrest.Matchers.nullValue())
                .body("components.schemas.gadgets.properties.id.minimum", equalTo(1))
                .body("components.schemas.gadgets.properties.kind.enum", equalTo(List.of("a", "b")))
                .body("components.schemas.gadgets.properties.kind.maxLength", equalTo(5))
                .body("components.schemas.gadgets.properties.mail.format", equalTo("email"))
                .body("components.schemas.gadgets.properties.sizes.items.type", equalTo("integer"))
                .extract().path("components.schemas.gadgets.properties.at.pattern");
        // The pattern holds for the timestamp TreeQL really prints.
        String printed = api.request().get(base + "gadgets/1").then().statusCode(200).extract().path("at");
        org.junit.jupiter.api.Assertions.assertEquals("2024-01-15 10:00:00", printed);
        org.junit.jupiter.api.Assertions.assertTrue(java.util.regex.Pattern.compile(pattern).matcher(printed).find(),
                pattern);
    }

    private static ValidatableResponse error(ValidatableResponse response, int status, int code) {
        return response.statusCode(status).contentType("application/json; charset=utf-8").body("code", equalTo(code));
    }
}
