package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.testsupport.Api;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Schema inference ({@code POST datatables/infer/}) on each provider: the proposal creates a table that imports the
 * same sample with no rejected row; hostile samples are 4xx naming the culprit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class InferContractTests {
    static final String SAMPLE = "id,name,qty,price,born,at,seen,active,email,ref,site\r\n"
            + "1,\"comma, 1\",5,1.50,2020-01-02,10:00:00,2024-01-31T10:00:00Z,true,a@example.com,"
            + "6f1c1e0e-8b5a-4d6e-9c1a-2b3c4d5e6f70,https://example.com/a\r\n"
            + "2,\"say \"\"2\"\"\",,2,1999-12-31,23:59:59,2024-02-01T00:00:00Z,false,b@example.org,"
            + "7a2d2f1f-9c6b-4e7f-8d2b-3c4d5e6f7081,https://example.com/b\r\n"
            + "3,=SUM(A1),7,-3e2,2000-02-29,00:00:01,2024-02-29T23:59:59Z,TRUE,c@example.net,,https://example.com/c\n";

    protected Api api;
    protected String datasource;

    protected abstract String providerType();

    @BeforeEach
    void datasourceOnce() {
        if (api == null) {
            api = Api.newTenant();
            datasource = api.createDataSource(providerType());
        }
    }

    protected Response infer(String contentType, byte[] body, String query) {
        return api.request().contentType(contentType).body(body).post(datasource + "/datatables/infer/" + query);
    }

    protected Response inferCsv(String csv, String query) {
        return infer("text/csv", csv.getBytes(StandardCharsets.UTF_8), query);
    }

    @Test
    void theProposalCreatesATableThatImportsTheSampleWithNoRejectedRow() {
        Response answer = inferCsv(SAMPLE, "");
        answer.then().statusCode(200).body("rows_read", equalTo(3));
        JsonNode schema = Api.json(answer).get("json_schema");
        Map<String, String> types = new LinkedHashMap<>();
        schema.get("fields").forEach(f -> types.put(f.get("name").textValue(), f.get("type").textValue()
                + (f.has("format") ? "/" + f.get("format").textValue() : "")
                + (f.path("constraints").path("required").asBoolean() ? "!" : "")));
        assertEquals(Map.ofEntries(Map.entry("id", "integer!"), Map.entry("name", "string!"),
                Map.entry("qty", "integer"), Map.entry("price", "number!"), Map.entry("born", "date!"),
                Map.entry("at", "time!"), Map.entry("seen", "datetime!"), Map.entry("active", "boolean!"),
                Map.entry("email", "string/email!"), Map.entry("ref", "string/uuid"),
                Map.entry("site", "string/uri!")), types);
        assertEquals("[\"id\"]", schema.get("primaryKey").toString());

        String records = api.createTable(datasource, "inferred", schema.toString());
        api.request().contentType("text/csv").body(SAMPLE.getBytes(StandardCharsets.UTF_8))
                .post(records.replaceFirst("records/$", "imports/")).then().statusCode(200)
                .body("status", equalTo("succeeded")).body("rows_written", equalTo(3))
                .body("rows_rejected", equalTo(0));
        api.get(records + "2/").statusCode(200).body("name", equalTo("say \"2\"")).body("active", equalTo(false));
    }

    @Test
    void jsonAndNdjsonSamplesToo() {
        String ndjson = "{\"id\":\"a\",\"n\":1.25,\"ok\":true,\"tags\":[\"x\",1],\"meta\":{\"k\":{\"d\":1}}}\n"
                + "{\"id\":\"b\",\"n\":2,\"ok\":false,\"tags\":[],\"meta\":{},\"when\":\"2024-02-29\"}\n";
        for (String type : new String[] {"application/x-ndjson", "application/json"}) {
            String body = type.equals("application/json") ? "[" + ndjson.trim().replace("\n", ",") + "]" : ndjson;
            Response answer = infer(type, body.getBytes(StandardCharsets.UTF_8), "");
            answer.then().statusCode(200).body("rows_read", equalTo(2))
                    .body("json_schema.fields.type", equalTo(java.util.List.of("string", "number", "boolean",
                            "array", "object", "date")))
                    .body("json_schema.primaryKey[0]", equalTo("id"));
            String records = api.createTable(datasource, "fromjson" + type.length(),
                    Api.json(answer).get("json_schema").toString());
            api.request().contentType(type).body(body.getBytes(StandardCharsets.UTF_8))
                    .post(records.replaceFirst("records/$", "imports/")).then().statusCode(200)
                    .body("rows_written", equalTo(2)).body("rows_rejected", equalTo(0));
            api.get(records + "a/").statusCode(200).body("meta.k.d", equalTo(1));
        }
        Api.assertProblem(infer("application/json", "{}".getBytes(StandardCharsets.UTF_8), ""), 400, "DS100")
                .body("detail", containsString("sample"));
        Api.assertProblem(infer("application/json", "[]".getBytes(StandardCharsets.UTF_8), ""), 400, "DS100");
        Api.assertProblem(infer("application/x-ndjson", "{\"a\":1}\n[2]\n".getBytes(StandardCharsets.UTF_8), ""),
                400, "DS100").body("detail", containsString("row 2"));
        Api.assertProblem(infer("application/json", "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8), "?delimiter=;"),
                400, "DS101");
    }

    @Test
    void theDialectParametersAreTheImportOnes() {
        inferCsv("k;v\nx;NULL\ny;2\n", "?delimiter=;&null_sequence=NULL").then().statusCode(200)
                .body("json_schema.fields[1].type", equalTo("integer"))
                .body("json_schema.fields[1].constraints", equalTo(null))
                .body("json_schema.primaryKey[0]", equalTo("k"));
    }

    @Test
    void aLongSampleIsCutAndSaysSo() {
        StringBuilder csv = new StringBuilder("n\n");
        for (int i = 0; i < 400_000; i++) { // about 2.7 MB: far more than is read
            csv.append(i).append('\n');
        }
        inferCsv(csv.toString(), "").then().statusCode(200).body("rows_read", equalTo(10_000))
                .body("notes[0]", containsString("cut at 10000 rows"));
    }

    @Test
    void hostileSamplesAreRefusedNamingTheCulprit() {
        Api.assertProblem(inferCsv("", ""), 400, "DS100").body("detail", containsString("empty"));
        Api.assertProblem(inferCsv("a,b\n1,2\n3\n", ""), 400, "DS100").body("detail", containsString("row 2"));
        Api.assertProblem(inferCsv("a,b,a\n1,2,3\n", ""), 400, "DS102").body("errors[0].field",
                equalTo("header.a"));
        Api.assertProblem(inferCsv("a,,c\n1,2,3\n", ""), 400, "DS102").body("detail", containsString("column 2"));
        Api.assertProblem(infer("text/csv", new byte[] {'a', '\n', (byte) 0xC3, (byte) 0x28, '\n'}, ""), 400,
                "DS100").body("detail", containsString("UTF-8"));
        Api.assertProblem(inferCsv("a\n\"open\n", ""), 400, "DS100");
        Api.assertProblem(inferCsv("a\n1\n", "?header=false"), 400, "DS101").body("errors[0].field",
                equalTo("header"));
        Api.assertProblem(inferCsv("a\n1\n", "?mode=skip_invalid"), 400, "DS101").body("errors[0].field",
                equalTo("mode"));
        Api.assertProblem(infer("application/xml", "<a/>".getBytes(StandardCharsets.UTF_8), ""), 415, "DS106");
        Api.assertProblem(api.request().contentType("text/csv").body("a\n1\n")
                .post(datasource.replaceFirst("/ds$", "/nope") + "/datatables/infer/"), 404, "DS104");
    }
}
