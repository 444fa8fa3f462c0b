package io.datably.provider;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.testsupport.Api;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Export ({@code GET records/} as CSV or NDJSON) and import ({@code POST datatables/{table}/imports/}) on each
 * provider. Expected rows are computed here from the data the test generated ({@link #item}), not by the code under
 * test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ImportExportContractTests {
    static final String SCHEMA = """
            {"fields":[
              {"name":"id","type":"integer"},{"name":"name","type":"string"},{"name":"qty","type":"integer"},
              {"name":"price","type":"number"},{"name":"born","type":"date"},{"name":"tags","type":"array"},
              {"name":"meta","type":"object"}],
             "primaryKey":["id"]}""";
    static final List<String> COLUMNS = List.of("id", "name", "qty", "price", "born", "tags", "meta");
    /** More than two of an export's pages (5000): an export must not stop at one. */
    static final int MANY = 10_345;

    protected Api api;
    protected String datasource;
    protected String items;

    protected abstract String providerType();

    @BeforeEach
    void loadItemsOnce() {
        if (api == null) {
            api = Api.newTenant();
            datasource = api.createDataSource(providerType());
            items = api.createTable(datasource, "items", SCHEMA);
            for (int from = 1; from <= MANY; from += 1000) {
                int to = Math.min(MANY, from + 999);
                api.post(items, "[" + String.join(",", IntStream.rangeClosed(from, to).mapToObj(
                        i -> item(i).toString()).toList()) + "]").statusCode(201);
            }
        }
    }

    /** The generated record {@code i}: every seventh has no qty, names hold commas, quotes and line breaks. */
    static ObjectNode item(int i) {
        ObjectNode item = Api.EXACT.createObjectNode();
        item.put("id", i);
        item.put("name", switch (i % 5) {
            case 0 -> "plain " + i;
            case 1 -> "comma, " + i;
            case 2 -> "say \"" + i + "\"";
            case 3 -> "two\nlines " + i;
            default -> "=SUM(A" + i + ")";
        });
        if (i % 7 == 0) {
            item.putNull("qty");
        } else {
            item.put("qty", i % 100);
        }
        item.put("price", new java.math.BigDecimal(i + ".25"));
        item.put("born", String.format("20%02d-%02d-%02d", i % 25, 1 + i % 12, 1 + i % 28));
        item.putArray("tags").add("t" + (i % 3)).add(i % 2 == 0);
        item.putObject("meta").put("n", i).putObject("deep").put("x", "y");
        return item;
    }

    static List<ObjectNode> itemsWhere(Predicate<ObjectNode> filter) {
        return IntStream.rangeClosed(1, MANY).mapToObj(ImportExportContractTests::item).filter(filter).toList();
    }

    // --- export ---

    protected Response export(String accept, String query) {
        return api.request().accept(accept).get(items + query);
    }

    /** Parses CSV text (RFC 4180) independently of the service's library. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (c == '\r' || c == '\n') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                cell.append(c);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    /** A value's CSV cell as the JSON answer writes it: strings bare, others as JSON, null empty. */
    static String cell(JsonNode value) {
        return value == null || value.isNull() ? "" : value.isTextual() ? value.textValue() : value.toString();
    }

    @Test
    void csvExportStreamsEveryMatchingRecordInOrderWithAHeader() {
        Response response = export("text/csv", "?qty__gte=10&ordering=-qty,id");
        response.then().statusCode(200).header("Content-Type", startsWith("text/csv"));
        List<List<String>> rows = parseCsv(response.asString());
        assertEquals(COLUMNS, rows.get(0));
        List<ObjectNode> expected = new ArrayList<>(itemsWhere(i -> !i.get("qty").isNull()
                && i.get("qty").asInt() >= 10));
        expected.sort(Comparator.comparingInt((ObjectNode i) -> -i.get("qty").asInt())
                .thenComparingInt(i -> i.get("id").asInt()));
        assertEquals(expected.size() + 1, rows.size(), "header and one line per matching record");
        for (int r = 0; r < expected.size(); r++) {
            ObjectNode item = expected.get(r);
            List<String> cells = COLUMNS.stream().map(c -> cell(item.get(c))).toList();
            assertEquals(cells, rows.get(r + 1), "line " + (r + 2));
        }
    }

    @Test
    void csvExportKeepsFormulaLookingValuesAndWritesNullAsAnEmptyCell() {
        List<List<String>> rows = parseCsv(export("text/csv", "?id__in=4,7&fields=id,name,qty").asString());
        assertEquals(List.of(List.of("id", "name", "qty"), List.of("4", "=SUM(A4)", "4"), List.of("7", "say \"7\"",
                "")), rows);
    }

    @Test
    void ndjsonExportIsOneRecordPerLineAsTheListRendersIt() {
        Response response = export("application/x-ndjson", "?name__contains=lines&ordering=id&fields=id,name,tags");
        response.then().statusCode(200).header("Content-Type", startsWith("application/x-ndjson"));
        String[] lines = response.asString().split("\n");
        List<ObjectNode> expected = itemsWhere(i -> i.get("name").asText().contains("lines"));
        assertEquals(expected.size(), lines.length);
        for (int r = 0; r < lines.length; r++) {
            ObjectNode want = Api.EXACT.createObjectNode();
            for (String f : List.of("id", "name", "tags")) {
                want.set(f, expected.get(r).get(f));
            }
            assertEquals(want, Api.json(lines[r]), "line " + (r + 1));
        }
    }

    @Test
    void ndjsonExportOfEveryRecordHasThemAll() {
        String[] lines = export("application/x-ndjson", "").asString().split("\n");
        List<Integer> ids = Arrays.stream(lines).map(l -> Api.json(l).get("id").asInt()).toList();
        assertEquals(IntStream.rangeClosed(1, MANY).boxed().toList(), ids);
        assertEquals(item(MANY), Api.json(lines[MANY - 1]));
    }

    @Test
    void jsonStaysTheDefault() {
        api.request().accept("*/*").get(items + "?page_size=2").then().statusCode(200)
                .header("Content-Type", startsWith("application/json")).body("count", equalTo(MANY));
        api.request().get(items + "?page_size=2").then().statusCode(200)
                .header("Content-Type", startsWith("application/json"));
    }

    @Test
    void exportRefusesWhatAListRefusesAndWindows() {
        Api.assertProblem(export("text/csv", "?nope=1"), 400, "DS101").body("detail", containsString("nope"));
        Api.assertProblem(export("text/csv", "?page_size=10"), 400, "DS101").body("errors[0].field",
                equalTo("page_size"));
        Api.assertProblem(export("application/x-ndjson", "?cursor="), 400, "DS101").body("errors[0].field",
                equalTo("cursor"));
        Api.assertProblem(api.request().accept("text/csv").get(datasource + "/datatables/missing/records/"), 404,
                "DS104");
    }

    // --- import ---

    private int tables;

    /** A new empty table of the items' schema; answers its records path. */
    protected String emptyTable() {
        return api.createTable(datasource, "copy" + (++tables), SCHEMA);
    }

    /** The imports path of the table whose records path is {@code records}. */
    static String importsOf(String records) {
        return records.replaceFirst("records/$", "imports/");
    }

    protected Response importBody(String records, String contentType, byte[] body, String query) {
        return api.request().contentType(contentType).body(body).post(importsOf(records) + query);
    }

    protected Response importCsv(String records, String csv, String query) {
        return importBody(records, "text/csv", csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), query);
    }

    /** Every record of a table, in key order, as NDJSON lines parsed. */
    protected List<JsonNode> stored(String records) {
        String text = api.request().accept("application/x-ndjson").get(records + "?ordering=id").asString();
        return text.isEmpty() ? List.of() : Arrays.stream(text.split("\n")).map(Api::json).toList();
    }

    @Test
    void csvImportCastsEveryRowLikeACreate() {
        String copy = emptyTable();
        importCsv(copy, "id,name,qty,price,born,tags,meta\r\n"
                + "1,\"comma, 1\",5,1.50,2020-01-02,\"[\"\"a\"\",true]\",\"{\"\"n\"\":1}\"\r\n"
                + "2,=SUM(A1),,2,,,\n", "").then().statusCode(200).body("status", equalTo("succeeded"))
                .body("rows_read", equalTo(2)).body("rows_written", equalTo(2)).body("rows_rejected", equalTo(0));
        List<JsonNode> rows = stored(copy);
        assertEquals(Api.json("{\"id\":1,\"name\":\"comma, 1\",\"qty\":5,\"price\":1.50,\"born\":\"2020-01-02\","
                + "\"tags\":[\"a\",true],\"meta\":{\"n\":1}}"), rows.get(0));
        assertEquals(Api.json("{\"id\":2,\"name\":\"=SUM(A1)\",\"qty\":null,\"price\":2,\"born\":null,"
                + "\"tags\":null,\"meta\":null}"), rows.get(1));
    }

    @Test
    void allOrNothingWritesNothingWhenARowFailsAndCountsEveryRow() {
        String copy = emptyTable();
        importCsv(copy, "id,qty\n1,1\n2,many\n3,3\n4,4.5\n", "").then().statusCode(200)
                .body("status", equalTo("failed")).body("rows_read", equalTo(4)).body("rows_written", equalTo(0))
                .body("rows_rejected", equalTo(2)).body("errors[0].row", equalTo(2))
                .body("errors[0].field", equalTo("qty")).body("errors[0].rule", equalTo("type"))
                .body("errors[0].value", equalTo("many")).body("errors[1].row", equalTo(4));
        assertEquals(List.of(), stored(copy));
    }

    @Test
    void aDuplicateKeyInTheStoreFailsAllOrNothingAndIsSkippedOtherwise() {
        String copy = emptyTable();
        String csv = "id,name\n1,a\n2,b\n1,again\n";
        importCsv(copy, csv, "").then().statusCode(200).body("status", equalTo("failed"))
                .body("rows_written", equalTo(0)).body("rows_rejected", equalTo(1))
                .body("errors[0].field", equalTo("id")).body("errors[0].rule", equalTo("unique"))
                .body("errors[0].message", containsString("rows 1-3"));
        assertEquals(List.of(), stored(copy));
        importCsv(copy, csv, "?mode=skip_invalid").then().statusCode(200).body("status", equalTo("succeeded"))
                .body("rows_read", equalTo(3)).body("rows_written", equalTo(2)).body("rows_rejected", equalTo(1))
                .body("errors[0].row", equalTo(3)).body("errors[0].field", equalTo("id"))
                .body("errors[0].rule", equalTo("unique"));
        assertEquals(List.of("a", "b"), stored(copy).stream().map(r -> r.get("name").asText()).toList());
    }

    /**
     * A foreign key: rows naming an existing record are written, one naming none is rejected with the field named (the
     * whole import in all_or_nothing, that row in skip_invalid), on every provider; the rows written keep their
     * references (checked before each batch and confirmed after it, in the load's transaction where there is one).
     */
    @Test
    void aReferenceToNoRecordIsRejectedAndTheOthersAreKept() {
        String owners = api.createTable(datasource, "owners" + (++tables), """
                {"fields":[{"name":"id","type":"integer"}],"primaryKey":["id"]}""");
        String owner = owners.replaceFirst(".*/datatables/([^/]+)/records/$", "$1");
        String pets = api.createTable(datasource, "pets" + tables, """
                {"fields":[{"name":"id","type":"integer"},{"name":"owner_id","type":"integer"}],"primaryKey":["id"],
                 "foreignKeys":[{"fields":["owner_id"],"reference":{"resource":"%s","fields":["id"]}}]}"""
                .formatted(owner));
        api.post(owners, "[{\"id\":1},{\"id\":2}]").statusCode(201);
        String csv = "id,owner_id\n1,1\n2,2\n3,9\n4,\n";
        importCsv(pets, csv, "").then().statusCode(200).body("status", equalTo("failed"))
                .body("rows_written", equalTo(0)).body("rows_rejected", equalTo(1))
                .body("errors[0].row", equalTo(3)).body("errors[0].field", equalTo("owner_id"));
        assertEquals(List.of(), stored(pets));
        importCsv(pets, csv, "?mode=skip_invalid").then().statusCode(200).body("status", equalTo("succeeded"))
                .body("rows_written", equalTo(3)).body("rows_rejected", equalTo(1))
                .body("errors[0].row", equalTo(3)).body("errors[0].field", equalTo("owner_id"));
        assertEquals(List.of(1, 2, 4), stored(pets).stream().map(r -> r.get("id").asInt()).toList());
        importCsv(pets, "id,owner_id\n5,2\n6,1\n", "").then().statusCode(200).body("status", equalTo("succeeded"))
                .body("rows_written", equalTo(2));
        api.request().delete(owners + "2/").then().statusCode(409);     // referenced by imported rows 2 and 5
    }

    @Test
    void allOrNothingUndoesTheBatchesItWroteBeforeALaterRowFailed() {
        String copy = emptyTable();
        StringBuilder csv = new StringBuilder("id,qty\n");
        for (int i = 1; i <= 2_500; i++) {
            csv.append(i).append(',').append(i == 2_400 ? "x" : String.valueOf(i)).append('\n');
        }
        csv.append("1,1\n"); // and a duplicate key after it: still read, counted, checked
        importCsv(copy, csv.toString(), "").then().statusCode(200).body("status", equalTo("failed"))
                .body("rows_read", equalTo(2_501)).body("rows_written", equalTo(0))
                .body("rows_rejected", equalTo(1)).body("errors[0].row", equalTo(2_400));
        assertEquals(List.of(), stored(copy));
    }

    @Test
    void skipInvalidWritesTheValidRowsAcrossBatches() {
        String copy = emptyTable();
        StringBuilder csv = new StringBuilder("id,qty\n");
        for (int i = 1; i <= 2_500; i++) {
            csv.append(i).append(',').append(i % 1000 == 0 ? "x" : String.valueOf(i)).append('\n');
        }
        importCsv(copy, csv.toString(), "?mode=skip_invalid").then().statusCode(200)
                .body("rows_read", equalTo(2_500)).body("rows_written", equalTo(2_498))
                .body("rows_rejected", equalTo(2)).body("errors.row", equalTo(List.of(1000, 2000)));
        assertEquals(2_498, stored(copy).size());
    }

    @Test
    void jsonArrayAndNdjsonImport() {
        String copy = emptyTable();
        importBody(copy, "application/json", "[{\"id\":1,\"price\":1.50},{\"id\":2,\"tags\":[1]}]".getBytes(),
                "").then().statusCode(200).body("rows_written", equalTo(2));
        importBody(copy, "application/x-ndjson", "{\"id\":3}\n{\"id\":4,\"nope\":1}\n7\n".getBytes(),
                "?mode=skip_invalid").then().statusCode(200).body("rows_read", equalTo(3))
                .body("rows_written", equalTo(1)).body("errors[0].row", equalTo(2))
                .body("errors[0].rule", equalTo("unknown_field")).body("errors[1].row", equalTo(3));
        importBody(copy, "application/x-ndjson", "{\"id\":5,\"name\":\"\\ud800\"}\n".getBytes(), "?mode=skip_invalid")
                .then().statusCode(200).body("rows_written", equalTo(0)).body("errors[0].field", equalTo("name"))
                .body("errors[0].rule", equalTo("text"));
        assertEquals(List.of(1, 2, 3), stored(copy).stream().map(r -> r.get("id").asInt()).toList());
        assertEquals("1.50", stored(copy).get(0).get("price").toString());
    }

    @Test
    void exportThenImportGivesIdenticalRecords() {
        String copy = emptyTable();
        String csv = export("text/csv", "?ordering=id").asString();
        importCsv(copy, csv, "").then().statusCode(200).body("status", equalTo("succeeded"))
                .body("rows_written", equalTo(MANY));
        List<JsonNode> original = stored(items);
        assertEquals(MANY, original.size());
        assertEquals(original, stored(copy));
        String viaNdjson = emptyTable();
        importBody(viaNdjson, "application/x-ndjson", export("application/x-ndjson", "").asByteArray(), "")
                .then().statusCode(200).body("rows_written", equalTo(MANY));
        assertEquals(original, stored(viaNdjson));
    }

    @Test
    void hostileCsvGetsClearAnswers() {
        String copy = emptyTable();
        // A byte order mark is skipped; ragged rows are rejected as rows.
        byte[] bom = "\uFEFFid,name\n1,a\n2,b,extra\n3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        importBody(copy, "text/csv", bom, "?mode=skip_invalid").then().statusCode(200)
                .body("rows_written", equalTo(1)).body("errors[0].rule", equalTo("extra_cell"))
                .body("errors[0].row", equalTo(2)).body("errors[1].rule", equalTo("missing_cell"));
        // Bytes that are not UTF-8, and bad quoting: the body cannot be read on.
        byte[] latin1 = "id,name\n5,caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Api.assertProblem(importBody(copy, "text/csv", latin1, ""), 400, "DS100")
                .body("detail", containsString("UTF-8"));
        // Also far into the body, after batches were read (all_or_nothing: none of them is kept).
        java.io.ByteArrayOutputStream late = new java.io.ByteArrayOutputStream();
        late.writeBytes("id,name\n".getBytes());
        for (int i = 100; i < 3_100; i++) {
            late.writeBytes((i + ",n" + i + "\n").getBytes());
        }
        late.writeBytes(latin1);
        Api.assertProblem(importBody(copy, "text/csv", late.toByteArray(), ""), 400, "DS100")
                .body("detail", containsString("UTF-8"));
        assertEquals(1, stored(copy).size());
        Api.assertProblem(importCsv(copy, "id,name\n6,\"open\n", ""), 400, "DS100")
                .body("detail", containsString("row 1"));
        // A header that does not fit the schema.
        Api.assertProblem(importCsv(copy, "id,nope,id\n7,x,7\n", ""), 400, "DS103")
                .body("errors.field", equalTo(List.of("header.nope", "header.id")));
        // A large field is a value like any other.
        String big = "x".repeat(3 << 20);
        importCsv(copy, "id,name\n8,\"" + big + "\"\n", "").then().statusCode(200).body("rows_written", equalTo(1));
        assertEquals(big.length(), stored(copy).get(1).get("name").asText().length());
    }

    @Test
    void importRefusesWhatItCannotDo() {
        String copy = emptyTable();
        Api.assertProblem(importCsv(copy, "id\n1\n", "?mode=maybe"), 400, "DS101")
                .body("errors[0].field", equalTo("mode"));
        Api.assertProblem(importCsv(copy, "id\n1\n", "?delimiter=ab"), 400, "DS101")
                .body("errors[0].field", equalTo("delimiter"));
        Api.assertProblem(importCsv(datasource + "/datatables/missing/records/", "id\n1\n", ""), 404, "DS104");
        Api.assertProblem(importBody(copy, "application/json", "{\"id\":1}".getBytes(), ""), 400, "DS100");
        Api.assertProblem(importCsv(copy, "", ""), 400, "DS100");
        Api.assertProblem(importBody(copy, "text/plain", "id\n1\n".getBytes(), ""), 415, "DS106");
        Api.assertProblem(importBody(copy, "application/json", "[{\"id\":1}]".getBytes(), "?delimiter=;"), 400,
                "DS101").body("errors[0].field", equalTo("delimiter"));
        Api.assertProblem(importCsv(copy, "id\n1\n", "?encoding=klingon-8"), 400, "DS101")
                .body("errors[0].field", equalTo("encoding")).body("detail", containsString("klingon-8"));
        Api.assertProblem(importCsv(copy, "id\n1\n", "?async=maybe"), 400, "DS101")
                .body("errors[0].field", equalTo("async"));
        importCsv(copy, "id;name\n1;\\N\n", "?delimiter=;&null_sequence=\\N").then().statusCode(200)
                .body("rows_written", equalTo(1));
    }


    // --- encodings, multipart, body limit ---

    @Test
    void csvInTheDeclaredEncodingIsDecodedAndBytesItCannotDecodeAre400s() {
        String copy = emptyTable();
        importBody(copy, "text/csv", "id,name\n1,caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                "?encoding=latin1").then().statusCode(200).body("rows_written", equalTo(1));
        importBody(copy, "text/csv", "id,name\n2,\u20ac 5\n".getBytes(java.nio.charset.Charset.forName("windows-1252")),
                "?encoding=windows-1252").then().statusCode(200).body("rows_written", equalTo(1));
        // UTF-16 with its byte order mark (big-endian), and little-endian without one but named so.
        importBody(copy, "text/csv", "id,name\n3,\u00fcber \u4e2d\n".getBytes(java.nio.charset.StandardCharsets.UTF_16),
                "?encoding=utf-16").then().statusCode(200).body("rows_written", equalTo(1));
        importBody(copy, "text/csv", "\uFEFFid,name\n4,le\n".getBytes(java.nio.charset.StandardCharsets.UTF_16LE),
                "?encoding=UTF-16LE").then().statusCode(200).body("rows_written", equalTo(1));
        assertEquals(List.of("caf\u00e9", "\u20ac 5", "\u00fcber \u4e2d", "le"), stored(copy).stream()
                .map(r -> r.get("name").asText()).toList());
        // 0x81 is no character of windows-1252: refused, naming the encoding and the row, never replaced.
        byte[] undefined = {'i', 'd', ',', 'n', 'a', 'm', 'e', '\n', '5', ',', (byte) 0x81, '\n'};
        Api.assertProblem(importBody(copy, "text/csv", undefined, "?encoding=windows-1252"), 400, "DS100")
                .body("detail", containsString("windows-1252")).body("detail", containsString("row 1"));
        Api.assertProblem(importBody(copy, "text/csv", "id,name\n6,\u00e9\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1), "?mode=skip_invalid"), 400, "DS100")
                .body("detail", containsString("UTF-8")).body("detail", containsString("row 1"));
        assertEquals(4, stored(copy).size());
    }

    @Test
    void multipartUploadImportsTheFilePartWithFormFields() {
        String copy = emptyTable();
        api.request().contentType("multipart/form-data")
                .multiPart("file", "rows.csv", "id;qty\n1;1\n2;x\n3;3\n".getBytes(), "text/csv")
                .multiPart("mode", "skip_invalid").multiPart("delimiter", ";")
                .post(importsOf(copy)).then().statusCode(200).body("rows_read", equalTo(3))
                .body("rows_written", equalTo(2)).body("errors[0].row", equalTo(2));
        // The format from the file's name when its part says nothing useful; parameters in the query work too.
        api.request().contentType("multipart/form-data")
                .multiPart("file", "rows.ndjson", "{\"id\":4}\n{\"id\":5}\n".getBytes(), "application/octet-stream")
                .post(importsOf(copy) + "?mode=all_or_nothing").then().statusCode(200)
                .body("rows_written", equalTo(2));
        assertEquals(List.of(1, 3, 4, 5), stored(copy).stream().map(r -> r.get("id").asInt()).toList());
        // A multipart upload as a job: the file is kept until the job has read it.
        Response started = api.request().contentType("multipart/form-data")
                .multiPart("file", "more.csv", (rows(1_500) + "4,4\n").getBytes(), "text/csv").multiPart("async", "true").multiPart("mode", "skip_invalid").post(importsOf(copy));
        started.then().statusCode(202);
        JsonNode job = awaitJob(java.net.URI.create(started.header("Location")).getPath());
        assertEquals("succeeded", job.get("status").asText(), job.toString());
        // Rows 1, 3, 4 and 5 are there already (and 4 twice in the file): refused as duplicates, the rest written.
        assertEquals(1_501, job.get("rows_read").asInt(), job.toString());
        assertEquals(1_496, job.get("rows_written").asInt(), job.toString());
        assertEquals(5, job.get("rows_rejected").asInt(), job.toString());
        assertEquals(1_500, stored(copy).size());
        Api.assertProblem(api.request().contentType("multipart/form-data").multiPart("other", "x")
                .post(importsOf(copy)), 400, "DS100").body("errors[0].field", equalTo("file"));
        Api.assertProblem(api.request().contentType("multipart/form-data")
                .multiPart("file", "rows.csv", "id\n9\n".getBytes(), "text/csv").multiPart("mode", "skip_invalid")
                .post(importsOf(copy) + "?mode=skip_invalid"), 400, "DS101").body("errors[0].field", equalTo("mode"));
        Api.assertProblem(api.request().contentType("multipart/form-data")
                .multiPart("file", "rows.txt", "id\n9\n".getBytes(), "text/plain")
                .post(importsOf(copy)), 415, "DS106");
    }

    @Test
    void aFieldOfTenMegabytesIsImportedPastTheGeneralBodyLimit() {
        String copy = emptyTable();
        String big = "y".repeat(10 << 20);
        importCsv(copy, "id,name\n1,\"" + big + "\"\n2,small\n", "").then().statusCode(200)
                .body("rows_written", equalTo(2));
        assertEquals(big.length(), stored(copy).get(0).get("name").asText().length());
        // Every other route keeps its own limit: HttpLimitsTest.
    }

    @Test
    void hostileHeadersAndFormulasGetClearAnswers() {
        String copy = emptyTable();
        // The primary key is required: a header without it is refused before any row.
        Api.assertProblem(importCsv(copy, "name,qty\nx,1\n", ""), 400, "DS103")
                .body("errors.field", equalTo(List.of("header.id")));
        Api.assertProblem(importCsv(copy, "id,id\n1,1\n", ""), 400, "DS103")
                .body("errors[0].code", equalTo("duplicate"));
        // Quoting that is not closed at the end of the body, and text after a closing quote.
        Api.assertProblem(importCsv(copy, "id,name\n1,\"ab\"cd\n", ""), 400, "DS100");
        // Formula-looking values are text: kept as given on import, and exported unchanged.
        String formula = "=cmd|' /C calc'!A0";
        importCsv(copy, "id,name\n1,\"" + formula + "\"\n2,+1\n3,@SUM(1)\n4,-2+3\n", "").then().statusCode(200)
                .body("rows_written", equalTo(4));
        assertEquals(List.of(formula, "+1", "@SUM(1)", "-2+3"), stored(copy).stream()
                .map(r -> r.get("name").asText()).toList());
        List<List<String>> csv = parseCsv(api.request().accept("text/csv").get(copy + "?fields=name&ordering=id")
                .asString());
        assertEquals(List.of(List.of("name"), List.of(formula), List.of("+1"), List.of("@SUM(1)"),
                List.of("-2+3")), csv);
    }

    // --- jobs ---

    /** Starts an import job; answers its Location. */
    protected String startJob(String records, String csv, String query) {
        Response started = api.request().contentType("text/csv").body(csv.getBytes())
                .post(importsOf(records) + query);
        started.then().statusCode(202).header("Location", containsString("/imports/"))
                .body("status", org.hamcrest.Matchers.oneOf("queued", "running", "succeeded", "failed"))
                .body("bytes_total", equalTo(csv.length()));
        String location = started.header("Location");
        assertEquals(started.jsonPath().getString("id") + "/", location.substring(location.lastIndexOf("/imports/")
                + "/imports/".length()));
        return java.net.URI.create(location).getPath();
    }

    /** Polls a job until it has ended. */
    protected JsonNode awaitJob(String job) {
        long until = System.currentTimeMillis() + 60_000;
        while (true) {
            JsonNode view = Api.json(api.request().get(job).then().statusCode(200).extract().response());
            String status = view.get("status").asText();
            if (!status.equals("queued") && !status.equals("running")) {
                return view;
            }
            if (System.currentTimeMillis() > until) {
                throw new AssertionError("job still " + status + ": " + view);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    static String rows(int n) {
        StringBuilder csv = new StringBuilder("id,qty\n");
        for (int i = 1; i <= n; i++) {
            csv.append(i).append(',').append(i % 100).append('\n');
        }
        return csv.toString();
    }

    @Test
    void anImportJobAnswers202AndEndsWithItsReport() {
        String copy = emptyTable();
        String csv = rows(2_500);
        String job = startJob(copy, csv, "?async=true");
        JsonNode done = awaitJob(job);
        assertEquals("succeeded", done.get("status").asText(), done.toString());
        assertEquals(2_500, done.get("rows_read").asInt());
        assertEquals(2_500, done.get("rows_written").asInt());
        assertEquals(0, done.get("rows_rejected").asInt());
        assertEquals(100.0, done.get("percent").asDouble());
        assertEquals(csv.length(), done.get("bytes_read").asInt());
        assertEquals("succeeded", done.get("report").get("status").asText());
        assertEquals(2_500, done.get("report").get("rows_written").asInt());
        assertEquals(2_500, stored(copy).size());
        // A failed all_or_nothing job: its report names the rows, nothing is written.
        String failing = startJob(copy, "id,qty\n9001,1\n9002,x\n", "?async=true");
        JsonNode failed = awaitJob(failing);
        assertEquals("failed", failed.get("status").asText());
        assertEquals(2, failed.get("report").get("errors").get(0).get("row").asInt());
        assertEquals(2_500, stored(copy).size());
        // A job stopped by its body (bytes that are not UTF-8 after the first batches): the problem, nothing kept.
        byte[] late = (rows(1_500) + "1501,\u00e9\n").replace("id,qty", "id,name")
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        String broken = emptyTable();
        Response started = api.request().contentType("text/csv").body(late).post(importsOf(broken) + "?async=true");
        started.then().statusCode(202);
        JsonNode stopped = awaitJob(java.net.URI.create(started.header("Location")).getPath());
        assertEquals("failed", stopped.get("status").asText());
        assertEquals("DS100", stopped.get("error").get("code").asText(), stopped.toString());
        assertEquals(List.of(), stored(broken));
        // Problems of the start still answer the request.
        Api.assertProblem(api.request().contentType("text/csv").body("nope\n1\n").post(importsOf(copy)
                + "?async=true"), 400, "DS103");
        Api.assertProblem(api.request().contentType("text/csv").body("id\n1\n")
                .post(importsOf(datasource + "/datatables/missing/records/") + "?async=true"), 404, "DS104");
        // Unknown, or of another table: 404. Ended: nothing to cancel.
        Api.assertProblem(api.request().get(importsOf(copy) + "00000000-0000-0000-0000-000000000000/"), 404, "DS104");
        Api.assertProblem(api.request().get(job.replace("/" + copy.split("/")[copy.split("/").length - 2] + "/",
                "/items/")), 404, "DS104");
        Api.assertProblem(api.request().delete(job), 409, "DS112");
    }

    @Test
    void importJobEventsStreamProgressAndEndWithTheFinalState() {
        String copy = emptyTable();
        Response started = api.request().contentType("text/csv").header("Prefer", "respond-async")
                .body(rows(5_000).getBytes()).post(importsOf(copy));
        started.then().statusCode(202).header("Preference-Applied", equalTo("respond-async"));
        String job = java.net.URI.create(started.header("Location")).getPath();
        Response events = api.request().accept("text/event-stream").get(job + "events");
        events.then().statusCode(200).header("Content-Type", startsWith("text/event-stream"));
        List<String> names = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        for (String line : events.asString().split("\n")) {
            if (line.startsWith("event:")) {
                names.add(line.substring("event:".length()).trim());
            } else if (line.startsWith("data:")) {
                data.add(Api.json(line.substring("data:".length()).trim()));
            }
        }
        assertEquals("end", names.get(names.size() - 1), names.toString());
        assertEquals(names.size(), data.size());
        names.subList(0, names.size() - 1).forEach(n -> assertEquals("progress", n));
        JsonNode last = data.get(data.size() - 1);
        assertEquals("succeeded", last.get("status").asText());
        assertEquals(5_000, last.get("rows_written").asInt());
        for (int i = 1; i < data.size(); i++) {
            assertTrue(data.get(i).get("rows_read").asLong() >= data.get(i - 1).get("rows_read").asLong());
        }
        Api.assertProblem(api.request().accept("text/event-stream").get(importsOf(copy)
                + "00000000-0000-0000-0000-000000000000/events"), 404, "DS104");
    }

    @Test
    void cancellingAnAllOrNothingJobKeepsNothing() {
        String copy = emptyTable();
        String job = startJob(copy, rows(150_000), "?async=true");
        JsonNode cancelled = Api.json(api.request().delete(job).then().statusCode(200).extract().response());
        assertEquals("cancelled", cancelled.get("status").asText(), cancelled.toString());
        assertEquals(0, cancelled.get("rows_written").asInt());
        assertEquals("cancelled", cancelled.get("report").get("status").asText());
        assertTrue(cancelled.get("message").asText().contains("nothing was written"), cancelled.toString());
        assertEquals(List.of(), stored(copy));
        assertEquals("cancelled", awaitJob(job).get("status").asText());
    }

    @Test
    void cancellingASkipInvalidJobKeepsWhatItWrote() {
        String copy = emptyTable();
        String job = startJob(copy, rows(150_000), "?async=true&mode=skip_invalid");
        long until = System.currentTimeMillis() + 60_000;
        while (Api.json(api.request().get(job).then().extract().response()).get("rows_written").asInt() == 0
                && System.currentTimeMillis() < until) {
            Thread.onSpinWait();
        }
        JsonNode cancelled = Api.json(api.request().delete(job).then().statusCode(200).extract().response());
        assertEquals("cancelled", cancelled.get("status").asText(), cancelled.toString());
        int written = cancelled.get("rows_written").asInt();
        assertTrue(written > 0 && written < 150_000, cancelled.toString());
        assertEquals(written, cancelled.get("report").get("rows_written").asInt());
        assertTrue(cancelled.get("message").asText().contains("stay written"), cancelled.toString());
        assertEquals(written, stored(copy).size());
    }
}
