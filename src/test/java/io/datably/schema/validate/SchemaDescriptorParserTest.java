package io.datably.schema.validate;

import static io.datably.schema.validate.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SchemaDescriptorParserTest {

    /** Wraps one field descriptor (plus optional top-level members) into a schema. */
    private static String one(String field) {
        return "{'fields':[" + field + "]}";
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // 1. not an object; fields missing / not an array / empty / non-objects
        "[]                                               | $                  | type",
        "42                                               | $                  | type",
        "{}                                               | $.fields           | required",
        "{'fields':'x'}                                   | $.fields           | type",
        "{'fields':[]}                                    | $.fields           | empty",
        "{'fields':[1]}                                   | $.fields[0]        | type",
        // 2. name
        "{'fields':[{'type':'string'}]}                   | $.fields[0].name   | required",
        "{'fields':[{'name':5}]}                          | $.fields[0].name   | type",
        // 3. type
        "{'fields':[{'name':'a','type':5}]}               | $.fields[0].type   | type",
        "{'fields':[{'name':'a','type':'String'}]}        | $.fields[0].type   | unknown_type",
        "{'fields':[{'name':'a','type':'text'}]}          | $.fields[0].type   | unknown_type",
        // 4. format
        "{'fields':[{'name':'a','format':5}]}             | $.fields[0].format | type",
        "{'fields':[{'name':'a','type':'string','format':'url'}]}     | $.fields[0].format | format",
        "{'fields':[{'name':'a','type':'integer','format':'any'}]}    | $.fields[0].format | format",
        "{'fields':[{'name':'a','type':'geopoint','format':'lonlat'}]}| $.fields[0].format | format",
        "{'fields':[{'name':'a','type':'geojson','format':'wkt'}]}    | $.fields[0].format | format",
        "{'fields':[{'name':'a','type':'date','format':'%Q/%Y'}]}     | $.fields[0].format | format",
        "{'fields':[{'name':'a','type':'list','format':'csv'}]}       | $.fields[0].format | format",
        // 5. type options
        "{'fields':[{'name':'a','type':'boolean','trueValues':'yes'}]}    | $.fields[0].trueValues    | type",
        "{'fields':[{'name':'a','type':'boolean','falseValues':[]}]}      | $.fields[0].falseValues   | empty",
        "{'fields':[{'name':'a','type':'boolean','trueValues':[1]}]}      | $.fields[0].trueValues[0] | type",
        "{'fields':[{'name':'a','type':'number','bareNumber':'no'}]}      | $.fields[0].bareNumber    | type",
        "{'fields':[{'name':'a','type':'number','decimalChar':5}]}        | $.fields[0].decimalChar   | type",
        "{'fields':[{'name':'a','type':'integer','groupChar':[]}]}        | $.fields[0].groupChar     | type",
        "{'fields':[{'name':'a','type':'list','delimiter':5}]}            | $.fields[0].delimiter     | type",
        "{'fields':[{'name':'a','type':'list','itemType':'object'}]}      | $.fields[0].itemType      | invalid_value",
        // 6. constraints shapes
        "{'fields':[{'name':'a','constraints':'x'}]}                                  | $.fields[0].constraints           | type",
        "{'fields':[{'name':'a','constraints':{'required':'yes'}}]}                   | $.fields[0].constraints.required  | type",
        "{'fields':[{'name':'a','constraints':{'unique':1}}]}                         | $.fields[0].constraints.unique    | type",
        "{'fields':[{'name':'a','type':'string','constraints':{'minLength':1.5}}]}    | $.fields[0].constraints.minLength | type",
        "{'fields':[{'name':'a','type':'string','constraints':{'maxLength':'3'}}]}    | $.fields[0].constraints.maxLength | type",
        "{'fields':[{'name':'a','type':'string','constraints':{'pattern':5}}]}        | $.fields[0].constraints.pattern   | type",
        "{'fields':[{'name':'a','type':'string','constraints':{'enum':[]}}]}          | $.fields[0].constraints.enum      | empty",
        "{'fields':[{'name':'a','type':'string','constraints':{'enum':'a'}}]}         | $.fields[0].constraints.enum      | type",
        "{'fields':[{'name':'a','type':'string','constraints':{'enum':['a','a']}}]}   | $.fields[0].constraints.enum[1]   | duplicate_value",
        "{'fields':[{'name':'a','type':'integer','constraints':{'enum':['1',1]}}]}    | $.fields[0].constraints.enum      | mixed_enum",
        "{'fields':[{'name':'a','type':'integer','constraints':{'enum':['1','01']}}]} | $.fields[0].constraints.enum[1]   | duplicate_value",
        "{'fields':[{'name':'a','type':'object','constraints':{'jsonSchema':'x'}}]}   | $.fields[0].constraints.jsonSchema| type",
        // 7. missingValues
        "{'fields':[{'name':'a'}],'missingValues':'NA'}                               | $.missingValues          | type",
        "{'fields':[{'name':'a'}],'missingValues':[-99]}                              | $.missingValues[0]       | type",
        "{'fields':[{'name':'a'}],'missingValues':[{'label':'x'}]}                    | $.missingValues[0].value | required",
        "{'fields':[{'name':'a'}],'missingValues':[{'value':'a'},{'value':'a'}]}      | $.missingValues[1].value | duplicate_value",
        "{'fields':[{'name':'a'}],'missingValues':[{'value':'a','label':'x'},{'value':'b','label':'x'}]} | $.missingValues[1].label | duplicate_value",
        "{'fields':[{'name':'a','missingValues':5}]}                                  | $.fields[0].missingValues | type",
        // 8. primaryKey
        "{'fields':[{'name':'id'}],'primaryKey':5}                      | $.primaryKey    | type",
        "{'fields':[{'name':'id'}],'primaryKey':[]}                     | $.primaryKey    | empty",
        "{'fields':[{'name':'id'}],'primaryKey':['id','id']}            | $.primaryKey[1] | duplicate_value",
        "{'fields':[{'name':'id'}],'primaryKey':['nope']}               | $.primaryKey[0] | unknown_field_reference",
        "{'fields':[{'name':'id'}],'primaryKey':'nope'}                 | $.primaryKey    | unknown_field_reference",
        "{'fields':[{'name':'id'}],'primaryKey':['ID']}                 | $.primaryKey[0] | unknown_field_reference",
        // 9. uniqueKeys
        "{'fields':[{'name':'id'}],'uniqueKeys':'id'}                   | $.uniqueKeys       | type",
        "{'fields':[{'name':'id'}],'uniqueKeys':[]}                     | $.uniqueKeys       | empty",
        "{'fields':[{'name':'id'}],'uniqueKeys':['id']}                 | $.uniqueKeys[0]    | type",
        "{'fields':[{'name':'id'}],'uniqueKeys':[[]]}                   | $.uniqueKeys[0]    | empty",
        "{'fields':[{'name':'id'}],'uniqueKeys':[['id','nope']]}        | $.uniqueKeys[0][1] | unknown_field_reference",
        // 10. foreignKeys
        "{'fields':[{'name':'id'}],'foreignKeys':{}}                                                  | $.foreignKeys                       | type",
        "{'fields':[{'name':'id'}],'foreignKeys':['x']}                                               | $.foreignKeys[0]                    | type",
        "{'fields':[{'name':'id'}],'foreignKeys':[{'reference':{'resource':'t','fields':['id']}}]}    | $.foreignKeys[0].fields             | required",
        "{'fields':[{'name':'id'}],'foreignKeys':[{'fields':['id']}]}                                 | $.foreignKeys[0].reference          | required",
        "{'fields':[{'name':'id'}],'foreignKeys':[{'fields':['id'],'reference':{'resource':'t'}}]}    | $.foreignKeys[0].reference.fields   | required",
        "{'fields':[{'name':'id'}],'foreignKeys':[{'fields':['x'],'reference':{'resource':'t','fields':['id']}}]}     | $.foreignKeys[0].fields[0] | unknown_field_reference",
        "{'fields':[{'name':'id'}],'foreignKeys':[{'fields':['id'],'reference':{'resource':'t','fields':['a','b']}}]} | $.foreignKeys[0].reference.fields | length_mismatch",
        "{'fields':[{'name':'id'}],'foreignKeys':[{'fields':['id'],'reference':{'resource':5,'fields':['id']}}]}      | $.foreignKeys[0].reference.resource | type",
        "{'fields':[{'name':'id'}],'foreignKeys':[{'fields':['id'],'reference':{'resource':'','fields':['nope']}}]}   | $.foreignKeys[0].reference.fields[0] | unknown_field_reference",
        "{'fields':[{'name':'id'}],'foreignKeys':[{'fields':'id','reference':{'fields':'nope'}}]}                     | $.foreignKeys[0].reference.fields | unknown_field_reference",
        // 11. categories
        "{'fields':[{'name':'a','type':'number','categories':[1,2]}]}                     | $.fields[0].categories          | constraint_not_applicable",
        "{'fields':[{'name':'a','type':'string','categories':['x','x']}]}                 | $.fields[0].categories[1]       | duplicate_value",
        "{'fields':[{'name':'a','type':'string','categories':[{'value':'x','label':'L'},{'value':'y','label':'L'}]}]} | $.fields[0].categories[1].label | duplicate_value",
        "{'fields':[{'name':'a','type':'integer','categories':['a']}]}                    | $.fields[0].categories[0]       | invalid_constraint_value",
        "{'fields':[{'name':'a','type':'string','categories':['x'],'constraints':{'enum':['x','y']}}]} | $.fields[0].constraints.enum[1] | enum_not_in_categories",
        "{'fields':[{'name':'a','type':'string','categories':['x'],'categoriesOrdered':'yes'}]}       | $.fields[0].categoriesOrdered   | type",
        // 12. fieldsMatch
        "{'fields':[{'name':'a'}],'fieldsMatch':'fuzzy'}                  | $.fieldsMatch | invalid_value",
        "{'fields':[{'name':'a'}],'fieldsMatch':['exact']}                | $.fieldsMatch | type",
        // 13. constraint not applicable
        "{'fields':[{'name':'a','type':'integer','constraints':{'pattern':'[0-9]+'}}]}   | $.fields[0].constraints.pattern    | constraint_not_applicable",
        "{'fields':[{'name':'a','type':'integer','constraints':{'minLength':1}}]}        | $.fields[0].constraints.minLength  | constraint_not_applicable",
        "{'fields':[{'name':'a','type':'boolean','constraints':{'minimum':true}}]}       | $.fields[0].constraints.minimum    | constraint_not_applicable",
        "{'fields':[{'name':'a','type':'string','constraints':{'maximum':'z'}}]}         | $.fields[0].constraints.maximum    | constraint_not_applicable",
        "{'fields':[{'name':'a','type':'string','constraints':{'jsonSchema':{}}}]}       | $.fields[0].constraints.jsonSchema | constraint_not_applicable",
        "{'fields':[{'name':'a','constraints':{'pattern':'x'}}]}                         | $.fields[0].constraints.pattern    | constraint_not_applicable",
        // 14. pattern does not compile (or uses non-XML-Schema syntax that would change its meaning)
        "{'fields':[{'name':'a','type':'string','constraints':{'pattern':'(ab'}}]}       | $.fields[0].constraints.pattern | invalid_pattern",
        "{'fields':[{'name':'a','type':'string','constraints':{'pattern':'(?=a)a'}}]}    | $.fields[0].constraints.pattern | invalid_pattern",
        "{'fields':[{'name':'a','type':'string','constraints':{'pattern':'(a)\\\\1'}}]}  | $.fields[0].constraints.pattern | invalid_pattern",
        "{'fields':[{'name':'a','type':'string','constraints':{'pattern':'a*+'}}]}       | $.fields[0].constraints.pattern | invalid_pattern",
        "{'fields':[{'name':'a','type':'string','constraints':{'pattern':'\\\\bword'}}]} | $.fields[0].constraints.pattern | invalid_pattern",
        "{'fields':[{'name':'a','type':'string','constraints':{'pattern':'a{1001}'}}]}   | $.fields[0].constraints.pattern | invalid_pattern",
        // 15. constraint value not castable to the type and format
        "{'fields':[{'name':'a','type':'integer','constraints':{'enum':['one']}}]}            | $.fields[0].constraints.enum[0] | invalid_constraint_value",
        "{'fields':[{'name':'a','type':'date','constraints':{'minimum':'yesterday'}}]}        | $.fields[0].constraints.minimum | invalid_constraint_value",
        "{'fields':[{'name':'a','type':'date','format':'%d/%m/%Y','constraints':{'minimum':'2000-01-01'}}]} | $.fields[0].constraints.minimum | invalid_constraint_value",
        "{'fields':[{'name':'a','type':'integer','constraints':{'maximum':1.5}}]}             | $.fields[0].constraints.maximum | invalid_constraint_value",
        "{'fields':[{'name':'a','type':'number','constraints':{'minimum':'NaN'}}]}            | $.fields[0].constraints.minimum | invalid_constraint_value",
        "{'fields':[{'name':'a','type':'string','format':'email','constraints':{'enum':['x']}}]} | $.fields[0].constraints.enum[0] | invalid_constraint_value",
        "{'fields':[{'name':'a','type':'string','constraints':{'minLength':-1}}]}             | $.fields[0].constraints.minLength | invalid_constraint_value",
        // 16. unsatisfiable ranges
        "{'fields':[{'name':'a','type':'integer','constraints':{'minimum':10,'maximum':5}}]}                   | $.fields[0].constraints | unsatisfiable_range",
        "{'fields':[{'name':'a','type':'string','constraints':{'minLength':5,'maxLength':2}}]}                 | $.fields[0].constraints | unsatisfiable_range",
        "{'fields':[{'name':'a','type':'number','constraints':{'exclusiveMinimum':5,'maximum':'5.0'}}]}        | $.fields[0].constraints | unsatisfiable_range",
        "{'fields':[{'name':'a','type':'date','constraints':{'minimum':'2020-01-02','maximum':'2020-01-01'}}]} | $.fields[0].constraints | unsatisfiable_range",
        "{'fields':[{'name':'a','type':'duration','constraints':{'minimum':'P2D','maximum':'PT24H'}}]}         | $.fields[0].constraints | unsatisfiable_range",
        // 17. duplicate field names (policy: also case-insensitively)
        "{'fields':[{'name':'a'},{'name':'a'}]}           | $.fields[1].name | duplicate_field",
        "{'fields':[{'name':'Id'},{'name':'id'}]}         | $.fields[1].name | duplicate_field",
        // 18. object missingValues under an explicit 1.0 $schema
        "{'$schema':'https://specs.frictionlessdata.io/schemas/table-schema.json','fields':[{'name':'a'}],'missingValues':[{'value':'NA'}]} | $.missingValues[0] | unsupported_in_v1",
        "{'$schema':'https://datapackage.org/profiles/1.0/tableschema.json','fields':[{'name':'a'}],'missingValues':[{'value':'NA'}]}       | $.missingValues[0] | unsupported_in_v1",
        // 19. example that does not cast
        "{'fields':[{'name':'a','type':'integer','example':'abc'}]}  | $.fields[0].example | invalid_example",
        // policy: a field-level required is never silently ignored
        "{'fields':[{'name':'a','required':true}]}                   | $.fields[0].required | misplaced_constraint",
        "{'fields':[{'name':''}]}                                    | $.fields[0].name     | empty",
        "{'$schema':5,'fields':[{'name':'a'}]}                       | $.$schema            | type",
        // datably:search: an object of fields (string fields of this schema) and language (a PostgreSQL configuration)
        "{'fields':[{'name':'a','type':'string'}],'datably:search':{'fields':['nope']}}       | $.datably:search.fields[0] | unknown_field_reference",
        "{'fields':[{'name':'a','type':'integer'}],'datably:search':{'fields':['a']}}         | $.datably:search.fields[0] | not_a_string_field",
        "{'fields':[{'name':'a','type':'string'}],'datably:search':{'fields':[1]}}            | $.datably:search.fields[0] | type",
        "{'fields':[{'name':'a','type':'string'}],'datably:search':{'fields':['a','a']}}      | $.datably:search.fields[1] | duplicate_value",
        "{'fields':[{'name':'a','type':'string'}],'datably:search':{'fields':'a'}}            | $.datably:search.fields    | type",
        "{'fields':[{'name':'a','type':'string'}],'datably:search':{'language':'klingon'}}    | $.datably:search.language  | invalid_value",
        "{'fields':[{'name':'a','type':'string'}],'datably:search':{'language':5}}            | $.datably:search.language  | type",
        "{'fields':[{'name':'a','type':'string'}],'datably:search':{'feilds':['a']}}          | $.datably:search.feilds    | unknown_property",
        "{'fields':[{'name':'a','type':'string'}],'datably:search':['a']}                     | $.datably:search           | type",
    })
    void rejectsInvalidDescriptor(String descriptor, String path, String code) {
        SchemaParseResult result = SchemaDescriptorParser.parse(json(descriptor));
        assertFalse(result.valid(), "expected invalid");
        assertNull(result.schema());
        assertTrue(result.problems().stream().anyMatch(p -> p.path().equals(path) && p.code().equals(code)),
                () -> "expected " + path + " " + code + " in " + result.problems());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "{'fields':[{'name':'a'}]}",                                                   // no type (any in v2)
        "{'fields':[{'name':'id','type':'integer'}],'primaryKey':'id'}",               // v1 string primaryKey
        "{'fields':[{'name':'id','type':'integer'},{'name':'p','type':'integer'}],"
            + "'foreignKeys':[{'fields':'p','reference':{'resource':'','fields':'id'}}]}", // string FK fields, resource ""
        "{'fields':[{'name':'id'},{'name':'p'}],'foreignKeys':[{'fields':['p'],'reference':{'fields':['id']}}]}",
        "{'fields':[{'name':'p'}],'foreignKeys':[{'fields':['p'],'reference':{'resource':'other','fields':['x']}}]}",
        "{'ns:prop':1,'fields':[{'name':'a','x-custom':{'deep':[1]},'title':'A','rdfType':'http://schema.org/Thing'}]}",
        "{'fields':[{'name':'d','type':'date','format':'fmt:%d/%m/%Y'}]}",             // legacy fmt: prefix
        "{'fields':[{'name':'a','type':'string'}],'missingValues':[]}",
        "{'fields':[{'name':'a','type':'integer','missingValues':[]}]}",
        "{'fields':[{'name':'n','type':'integer','constraints':{'minimum':'5','maximum':'10','enum':['5','7']}}]}",
        "{'fields':[{'name':'d','type':'date','format':'%d/%m/%Y','constraints':{'minimum':'01/01/2000'}}]}",
        "{'fields':[{'name':'a','type':'string','constraints':{'pattern':'[a-z-[aeiou]]+|\\\\p{IsBasicLatin}'}}]}",
        "{'fields':[{'name':'a','type':'list','itemType':'integer','delimiter':';','constraints':{'minLength':1}}]}",
        "{'fields':[{'name':'a'}],'missingValues':['',{'value':'NA','label':'not available'}]}",
        "{'fields':[{'name':'a','type':'string','categories':[{'value':'x','label':'X'},'y'],'categoriesOrdered':true,"
            + "'constraints':{'enum':['x']}}]}",
        "{'fields':[{'name':'a','type':'integer','categories':[1,'2']}]}",
        "{'fields':[{'name':'a','type':'duration','constraints':{'minimum':'P1M','maximum':'P30D'}}]}",
        "{'fields':[{'name':'a','constraints':{'enum':[1,'1',true,null]}}]}",         // any: mixed enum allowed
        "{'fields':[{'name':'y','type':'year','constraints':{'minimum':'1900','maximum':2100}}]}",
        "{'fields':[{'name':'g','type':'geopoint','format':'array','constraints':{'enum':[[1,2],[3,4]]}}]}",
        "{'fields':[{'name':'t','type':'datetime','constraints':{'minimum':'2020-01-01T00:00:00+01:00'}}]}",
        "{'fields':[{'name':'a','type':'boolean','trueValues':['yes'],'falseValues':['no'],'constraints':{'enum':['yes']}}]}",
        "{'fields':[{'name':'a','type':'number','decimalChar':',','groupChar':'.','bareNumber':false,'example':'€ 1.000,5'}]}",
        "{'fields':[{'name':'a','type':'string','example':''}]}",
        "{'fields':[{'name':'a'},{'name':'b'}],'uniqueKeys':[['a'],['a','b']],'fieldsMatch':'subset',"
            + "'$schema':'https://datapackage.org/profiles/2.0/tableschema.json'}",
        "{'fields':[{'name':'a','type':'object','constraints':{'jsonSchema':{'type':'object'},'minLength':1}}]}",
        "{'fields':[{'name':'a','type':'geojson','format':'topojson','constraints':{'maxLength':5}}]}",
        "{'fields':[{'name':'a','type':'time','format':'any'},{'name':'b','type':'datetime','format':'%Y-%m-%d %H:%M:%S%z'}]}",
        "{'fields':[{'name':'a','type':'string'},{'name':'b'}],'datably:search':{'fields':['a'],'language':'english'}}",
        "{'fields':[{'name':'a','type':'string'}],'datably:search':{'fields':[]}}",          // no full-text search
        "{'fields':[{'name':'a','type':'string'}],'datably:search':{}}",
    })
    void acceptsValidDescriptor(String descriptor) {
        SchemaParseResult result = SchemaDescriptorParser.parse(json(descriptor));
        assertEquals(List.of(), result.problems());
        assertTrue(result.valid());
        assertEquals(fieldNames(json(descriptor)), result.schema().fields().stream().map(Field::name).toList());
    }

    private static List<String> fieldNames(JsonNode descriptor) {
        List<String> names = new java.util.ArrayList<>();
        descriptor.get("fields").forEach(f -> names.add(f.get("name").asText()));
        return names;
    }

    /** A schema stored before datably:search was checked still parses: search just ignores what does not fit. */
    @Test
    void aStoredSchemaWithUncheckedSearchSettingsStillParses() {
        JsonNode stored = json("{'fields':[{'name':'a','type':'string'}],'datably:search':{'fields':['nope'],'x':1}}");
        assertFalse(SchemaDescriptorParser.parse(stored).valid());
        TableSchema parsed = SchemaDescriptorParser.parseStored(stored).schema();
        assertEquals(List.of("a"), parsed.fields().stream().map(Field::name).toList());
    }

    @Test
    void buildsNormalisedModel() {
        TableSchema schema = SchemaDescriptorParser.parse(json("{'fields':["
                + "{'name':'id','type':'integer','constraints':{'minimum':'5','enum':['5','06']}},"
                + "{'name':'d','type':'date','format':'fmt:%d/%m/%Y','constraints':{'maximum':'31/12/2000'}},"
                + "{'name':'s','type':'string','missingValues':['-']},"
                + "{'name':'x'},"
                + "{'name':'p','type':'integer'}],"
                + "'missingValues':['NA'],'primaryKey':'id',"
                + "'foreignKeys':[{'fields':'p','reference':{'resource':'','fields':'id'}}]}")).schema();
        assertEquals(List.of("id", "d", "s", "x", "p"), schema.fields().stream().map(Field::name).toList());
        assertEquals(List.of("id"), schema.primaryKey());
        Field id = schema.field("id").orElseThrow();
        assertEquals(LongNode.valueOf(5), id.constraints().minimum());
        assertEquals(List.of(LongNode.valueOf(5), LongNode.valueOf(6)), id.constraints().enumValues());
        assertTrue(schema.isRequired(id));
        assertEquals(List.of("NA"), id.missingValues());
        Field d = schema.field("d").orElseThrow();
        assertEquals("%d/%m/%Y", d.format());
        assertEquals("2000-12-31", d.constraints().maximum().textValue());
        assertEquals(List.of("-"), schema.field("s").orElseThrow().missingValues());
        assertEquals(FieldType.ANY, schema.field("x").orElseThrow().type());
        assertEquals("default", schema.field("x").orElseThrow().format());
        assertFalse(schema.isRequired(schema.field("p").orElseThrow()));
        assertTrue(schema.foreignKeys().get(0).selfReference());
        assertNull(schema.foreignKeys().get(0).resource());
        assertEquals(List.of("p"), schema.foreignKeys().get(0).fields());
    }

    @Test
    void untypedFieldIsStringUnderExplicitV1Schema() {
        TableSchema schema = SchemaDescriptorParser.parse(json(
                "{'$schema':'https://specs.frictionlessdata.io/schemas/table-schema.json','fields':[{'name':'a'}]}"))
                .schema();
        assertEquals(FieldType.STRING, schema.fields().get(0).type());
        assertEquals(List.of(""), schema.fields().get(0).missingValues());
    }

    @Test
    void reportsAllProblemsAtOnce() {
        SchemaParseResult result = SchemaDescriptorParser.parse(json("{'fields':["
                + "{'name':'a','type':'integr'},"
                + "{'name':'b','type':'integer','constraints':{'pattern':'x','minimum':'low'}},"
                + "{'name':'a'}],"
                + "'primaryKey':['zzz'],'fieldsMatch':'all'}"));
        assertEquals(List.of("$.fieldsMatch invalid_value",
                        "$.fields[0].type unknown_type",
                        "$.fields[1].constraints.minimum invalid_constraint_value",
                        "$.fields[1].constraints.pattern constraint_not_applicable",
                        "$.fields[2].name duplicate_field",
                        "$.primaryKey[0] unknown_field_reference"),
                result.problems().stream().map(p -> p.path() + " " + p.code()).sorted().toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "null", "42", "'str'", "true", "[]", "[{'fields':[]}]", "{'fields':'x'}", "{'fields':[null]}",
        "{'fields':[[]]}", "{'fields':{}}", "{'fields':[{'name':'a','constraints':[1]}]}",
        "{'fields':[{'name':{'x':1},'type':[],'format':{},'constraints':{'enum':{}},'missingValues':{}}],"
            + "'primaryKey':{},'uniqueKeys':[[1,[2]]],'foreignKeys':[{'fields':{},'reference':[]}],'missingValues':[[]]}",
        "{'fields':[{'name':'a','type':'list','itemType':5,'delimiter':'','constraints':{'minLength':1e400}}]}",
        "{'fields':[{'name':'a','type':'integer','constraints':{'minimum':'1e999999999999','enum':[1e999999999]}}]}",
        "{'fields':[{'name':'a','type':'string','categories':[{},{'value':null},{'label':[]}]}]}",
        "{'fields':[{'name':'a','type':'geojson','constraints':{'enum':[{'type':'GeometryCollection','geometries':[{}]}]}}]}",
        "{'fields':[{'name':'a','type':'date','format':'%','constraints':{'minimum':'x'}}]}",
        "{'fields':[{'name':'a'}],'foreignKeys':[{'fields':['a'],'reference':{'fields':[]}}],'uniqueKeys':[null]}",
    })
    void neverThrowsOnGarbage(String descriptor) {
        SchemaParseResult result = SchemaDescriptorParser.parse(json(descriptor));
        assertFalse(result.valid());
        assertNull(result.schema());
    }

    @Test
    void neverThrowsOnJavaNullOrDeepNesting() {
        assertFalse(SchemaDescriptorParser.parse(null).valid());
        JsonNode deep = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < 100_000; i++) {
            ArrayNode outer = JsonNodeFactory.instance.arrayNode();
            outer.add(deep);
            deep = outer;
        }
        ObjectNode constraints = JsonNodeFactory.instance.objectNode();
        constraints.set("enum", JsonNodeFactory.instance.arrayNode().add(deep).add(deep));
        ObjectNode field = JsonNodeFactory.instance.objectNode().put("name", "a").put("type", "array");
        field.set("constraints", constraints);
        ObjectNode schema = JsonNodeFactory.instance.objectNode();
        schema.set("fields", JsonNodeFactory.instance.arrayNode().add(field));
        assertFalse(SchemaDescriptorParser.parse(schema).valid()); // duplicate enum values, or an internal problem
    }
}
