package io.datably.service.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The inference rules, one column at a time: values in, proposed field out. */
class SchemaInferenceTest {

    static Stream<Arguments> columns() {
        return Stream.of(
                // values (one per row), expected type, format (or null), required
                Arguments.of("1|2|-3", "integer", null, true),
                Arguments.of("1|01|", "integer", null, false),
                Arguments.of("1|2.5|-3e2", "number", null, true),
                Arguments.of("0|1|1", "integer", null, true),
                Arguments.of("true|false|TRUE", "boolean", null, true),
                Arguments.of("true|0|yes", "string", null, true),
                Arguments.of("2024-01-31|1999-12-01", "date", null, true),
                Arguments.of("2024-01-31T10:00:00Z|2024-02-01T00:00:00Z", "datetime", null, true),
                Arguments.of("10:00:00|23:59:59", "time", null, true),
                Arguments.of("2024-01-31|2024-13-01", "string", null, true),
                Arguments.of("6f1c1e0e-8b5a-4d6e-9c1a-2b3c4d5e6f70|", "string", "uuid", false),
                Arguments.of("a@example.com|b.c@example.org", "string", "email", true),
                Arguments.of("https://example.com/x|mailto:a@example.com", "string", "uri", true),
                Arguments.of("plain|a@example.com", "string", null, true),
                Arguments.of("=SUM(A1)|+1", "string", null, true),
                Arguments.of("||", "string", null, false),
                Arguments.of("99999999999999999999999|1", "integer", null, true));
    }

    @ParameterizedTest(name = "{0} -> {1} {2} required={3}")
    @MethodSource("columns")
    void eachColumnTakesTheNarrowestTypeEveryValueCastsTo(String values, String type, String format,
                                                         boolean required) {
        JsonNode field = infer(List.of("c"), Arrays.stream(values.split("\\|", -1)).map(List::of).toList(), null)
                .get("fields").get(0);
        assertEquals(type, field.get("type").textValue(), field.toString());
        assertEquals(format, field.has("format") ? field.get("format").textValue() : null, field.toString());
        assertEquals(required, field.path("constraints").path("required").asBoolean(false), field.toString());
    }

    @Test
    void theStoreLimitsNarrowTheChoice() {
        // A store that cannot hold integers past 64 bits (as flat_table): a huge one makes the column a number.
        JsonNode field = infer(List.of("c"), List.of(List.of("99999999999999999999999"), List.of("1")),
                (schema, record) -> record.get("c").isIntegralNumber() && !record.get("c").canConvertToLong()
                        ? List.of(new ProblemItem("c", "range", "too big")) : List.of()).get("fields").get(0);
        assertEquals("number", field.get("type").textValue());
    }

    @Test
    void theNullSequenceIsAnEmptyValue() {
        SchemaInference inference = new SchemaInference(List.of("c"), "NULL", (s, r) -> List.of());
        inference.accept(List.of("1"));
        inference.accept(List.of("NULL"));
        JsonNode field = inference.proposal().get("fields").get(0);
        assertEquals("integer", field.get("type").textValue());
        assertFalse(field.has("constraints"));
    }

    @Test
    void aPresentUniqueColumnIsTheKeyPreferringOneNamedId() {
        List<List<String>> rows = List.of(List.of("a", "1", "x"), List.of("b", "2", "x"));
        assertEquals("[\"id\"]", infer(List.of("code", "id", "kind"), rows, null).get("primaryKey").toString());
        assertEquals("[\"code\"]", infer(List.of("code", "n", "kind"), rows, null).get("primaryKey").toString());
    }

    @Test
    void noKeyWhenValuesRepeatAsTheTypeCastsThemOrOneIsMissing() {
        assertFalse(infer(List.of("id"), List.of(List.of("1"), List.of("01")), null).has("primaryKey"));
        assertFalse(infer(List.of("id"), List.of(List.of("1"), List.of("")), null).has("primaryKey"));
        assertFalse(infer(List.of("when"), List.of(List.of("2024-01-01")), null).has("primaryKey"),
                "dates are no key candidates");
    }

    @Test
    void hostileHeadersAndRowsAreRefusedNamingTheCulprit() {
        DatablyException duplicate = assertThrows(DatablyException.class,
                () -> new SchemaInference(List.of("a", "b", "a"), null, (s, r) -> List.of()));
        assertEquals(ErrorCode.INVALID_FIELD, duplicate.code());
        assertTrue(duplicate.getMessage().contains("column 3"), duplicate.getMessage());
        assertEquals("header.a", duplicate.errors().get(0).field());

        DatablyException empty = assertThrows(DatablyException.class,
                () -> new SchemaInference(List.of("a", ""), null, (s, r) -> List.of()));
        assertTrue(empty.getMessage().contains("column 2"), empty.getMessage());

        SchemaInference inference = new SchemaInference(List.of("a", "b"), null, (s, r) -> List.of());
        inference.accept(List.of("1", "2"));
        DatablyException ragged = assertThrows(DatablyException.class, () -> inference.accept(List.of("1")));
        assertEquals(ErrorCode.MALFORMED_BODY, ragged.code());
        assertTrue(ragged.getMessage().contains("row 2"), ragged.getMessage());
    }

    @Test
    void jsonRecordsGiveTheirMembersAsFieldsWithNativeTypes() {
        SchemaInference inference = new SchemaInference(List.of(), null, (s, r) -> List.of());
        inference.accept(io.datably.testsupport.Api.json(
                "{\"id\":1,\"n\":1.5,\"ok\":true,\"tags\":[1],\"meta\":{\"a\":1},\"mixed\":1}"));
        inference.accept(io.datably.testsupport.Api.json(
                "{\"id\":2,\"n\":2,\"ok\":false,\"tags\":[],\"meta\":{},\"mixed\":\"x\",\"late\":\"2024-01-01\"}"));
        ObjectNode schema = inference.proposal();
        List<String> fields = new java.util.ArrayList<>();
        schema.get("fields").forEach(f -> fields.add(f.get("name").textValue() + ":" + f.get("type").textValue()
                + (f.has("constraints") ? "!" : "")));
        assertEquals(List.of("id:integer!", "n:number!", "ok:boolean!", "tags:array!", "meta:object!", "mixed:any!",
                "late:date"), fields);
        assertEquals("[\"id\"]", schema.get("primaryKey").toString());
        DatablyException notAnObject = assertThrows(DatablyException.class,
                () -> inference.accept(io.datably.testsupport.Api.json("[1]")));
        assertTrue(notAnObject.getMessage().contains("row 3"), notAnObject.getMessage());
        assertThrows(DatablyException.class, () -> new SchemaInference(List.of(), null, (s, r) -> List.of())
                .proposal(), "no record, no field");
    }

    private static ObjectNode infer(List<String> header, List<List<String>> rows,
                                    java.util.function.BiFunction<io.datably.schema.model.TableSchema, ObjectNode,
                                            List<ProblemItem>> store) {
        SchemaInference inference = new SchemaInference(header, null, store == null ? (s, r) -> List.of() : store);
        rows.forEach(inference::accept);
        return inference.proposal();
    }
}
