package io.datably.api.cors;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.datably.testsupport.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * CORS with the default settings in local mode: any origin, answered exactly as PHP-CRUD-API answers it (its
 * fixtures 001_records/041 and 042), on TreeQL and on the native API, on every provider.
 */
@QuarkusTest
class CorsTest {
    private static final String ORIGIN = "http://example.com";

    @Test
    void preflightAnswersAsPhpCrudApi() {
        for (String provider : new String[] {"flat_table", "jsonb", "mongodb"}) {
            Api api = Api.newTenant();
            String ds = api.createDataSource(provider);
            api.post(api.createTable(ds, "posts", "{\"fields\": [{\"name\": \"id\", \"type\": \"integer\"}],"
                    + " \"primaryKey\": [\"id\"]}"), "[{\"id\": 1}]").statusCode(201);
            api.request().header("Origin", ORIGIN).header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "X-XSRF-TOKEN, X-Requested-With")
                    .options(ds + "/records/posts/1?include=id").then().statusCode(200)
                    .header("Access-Control-Allow-Headers", "Content-Type, X-XSRF-TOKEN, X-Authorization, X-API-Key")
                    .header("Access-Control-Allow-Methods", "OPTIONS, GET, PUT, POST, DELETE, PATCH")
                    .header("Access-Control-Max-Age", "1728000")
                    .header("Access-Control-Allow-Credentials", "true")
                    .header("Access-Control-Allow-Origin", ORIGIN);
            api.request().header("Origin", ORIGIN).get(ds + "/records/posts/1?include=id").then().statusCode(200)
                    .header("Access-Control-Allow-Credentials", "true")
                    .header("Access-Control-Allow-Origin", ORIGIN)
                    .header("Access-Control-Allow-Methods", nullValue())
                    .body(equalTo("{\"id\":1}"));
            // The native API: the same settings.
            api.request().header("Origin", ORIGIN).get(ds + "/datatables/posts/records/").then().statusCode(200)
                    .header("Access-Control-Allow-Origin", ORIGIN);
            api.request().header("Origin", ORIGIN).header("Access-Control-Request-Method", "DELETE")
                    .options(ds + "/datatables/posts/records/1/").then().statusCode(200)
                    .header("Access-Control-Allow-Origin", ORIGIN);
        }
    }

    @Test
    void noOriginNoCorsHeaders() {
        Api api = Api.newTenant();
        String ds = api.createDataSource("flat_table");
        api.get(ds + "/records/nope").statusCode(404).header("Access-Control-Allow-Origin", nullValue());
        api.request().header("Origin", ORIGIN).get(ds + "/records/nope").then().statusCode(404)
                .header("Access-Control-Allow-Origin", ORIGIN).body("code", equalTo(1001));
    }
}
