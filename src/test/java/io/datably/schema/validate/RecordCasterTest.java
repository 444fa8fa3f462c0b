package io.datably.schema.validate;

import static io.datably.schema.validate.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.schema.model.TableSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordCasterTest {

    private static TableSchema schema(String descriptor) {
        SchemaParseResult result = SchemaDescriptorParser.parse(json(descriptor));
        assertEquals(List.of(), result.problems(), "test schema must be valid");
        return result.schema();
    }

    /** Casts {"f": value} against a one-field schema whose descriptor is {'name':'f', <props>}. */
    private static CastResult castOne(String props, String value) {
        String field = "{'name':'f'" + (props.isBlank() ? "" : "," + props) + "}";
        return new RecordCaster(schema("{'fields':[" + field + "]}")).cast(json("{'f':" + value + "}"), false);
    }

    private static List<String> codes(CastResult result) {
        return result.violations().stream().map(v -> v.field() + ":" + v.code()).toList();
    }

    @ParameterizedTest(name = "[{index}] {0} <- {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // string and its formats (validated, unchanged)
        "'type':'string'                     | 'abc'            | \"abc\"",
        "'type':'string'                     | 'null'           | \"null\"",
        "'type':'string'                     | ' a '            | \" a \"",
        "'type':'string','format':'email'    | 'ada@example.org'| \"ada@example.org\"",
        "'type':'string','format':'uri'      | 'urn:isbn:0451'  | \"urn:isbn:0451\"",
        "'type':'string','format':'uri'      | 'mailto:a@b.c'   | \"mailto:a@b.c\"",
        "'type':'string','format':'uri'      | 'https://x.org/p?q=1' | \"https://x.org/p?q=1\"",
        "'type':'string','format':'binary'   | 'aGVsbG8='       | \"aGVsbG8=\"",
        "'type':'string','format':'binary'   | 'aGVsbG8'        | \"aGVsbG8=\"",
        "'type':'string','format':'binary'   | 'abc'            | \"abc=\"",
        "'type':'string','format':'uuid'     | '123E4567-e89b-12d3-a456-426614174000' | \"123E4567-e89b-12d3-a456-426614174000\"",
        // integer
        "'type':'integer'                    | 5                | 5",
        "'type':'integer'                    | '000835'         | 835",
        "'type':'integer'                    | ' 42 '           | 42",
        "'type':'integer'                    | '+7'             | 7",
        "'type':'integer'                    | '-7'             | -7",
        "'type':'integer'                    | 1.0              | 1",
        "'type':'integer'                    | '9223372036854775808' | 9223372036854775808",
        "'type':'integer'                    | 123456789012345678901234567890 | 123456789012345678901234567890",
        "'type':'integer','groupChar':','    | '1,000,000'      | 1000000",
        "'type':'integer','bareNumber':false | '€95'            | 95",
        "'type':'integer','bareNumber':false | '95 %'           | 95",
        // number
        "'type':'number'                     | '1.50'           | 1.50",
        "'type':'number'                     | 1.50             | 1.50",
        "'type':'number'                     | 2                | 2",
        "'type':'number'                     | '.5'             | 0.5",
        "'type':'number'                     | '5.'             | 5",
        "'type':'number'                     | '-1.23E-2'       | -0.0123",
        "'type':'number'                     | '1e3'            | 1E+3",
        "'type':'number'                     | ' 3.25 '         | 3.25",
        "'type':'number'                     | 'nan'            | \"NaN\"",
        "'type':'number'                     | 'Inf'            | \"INF\"",
        "'type':'number'                     | '-INF'           | \"-INF\"",
        "'type':'number','decimalChar':','   | '1,5'            | 1.5",
        "'type':'number','decimalChar':',','groupChar':'.' | '1.234,5' | 1234.5",
        "'type':'number','groupChar':' '     | '1 234.5'        | 1234.5",
        "'type':'number','bareNumber':false  | 'EUR 95.5'       | 95.5",
        // boolean
        "'type':'boolean'                    | true             | true",
        "'type':'boolean'                    | 'True'           | true",
        "'type':'boolean'                    | '0'              | false",
        "'type':'boolean','trueValues':['yes'],'falseValues':['no'] | 'yes' | true",
        "'type':'boolean','trueValues':['yes'],'falseValues':['no'] | 'no'  | false",
        "'type':'boolean','trueValues':['yes']                      | false | false",
        // date
        "'type':'date'                       | '2019-02-28'     | \"2019-02-28\"",
        "'type':'date'                       | '2020-02-29'     | \"2020-02-29\"",
        "'type':'date','format':'%d/%m/%Y'   | '01/02/2020'     | \"2020-02-01\"",
        "'type':'date','format':'fmt:%d/%m/%Y' | '1/2/2020'     | \"2020-02-01\"",
        "'type':'date','format':'%d %B %Y'   | '5 march 2021'   | \"2021-03-05\"",
        "'type':'date','format':'%Y%m%d'     | '20240101'       | \"2024-01-01\"",
        "'type':'date','format':'%d.%m.%y'   | '01.02.68'       | \"2068-02-01\"",
        "'type':'date','format':'any'        | '2020/1/5'       | \"2020-01-05\"",
        "'type':'date','format':'any'        | '20200105'       | \"2020-01-05\"",
        // time (aware times converted to UTC, offset dropped)
        "'type':'time'                       | '06:00:00'       | \"06:00:00\"",
        "'type':'time'                       | '06:00:00.500000'| \"06:00:00.5\"",
        "'type':'time'                       | '06:00:00.000'   | \"06:00:00\"",
        "'type':'time'                       | '06:00:00.1234567' | \"06:00:00.123456\"",
        "'type':'time'                       | '06:00:00Z'      | \"06:00:00\"",
        "'type':'time'                       | '06:00:00+01:00' | \"05:00:00\"",
        "'type':'time'                       | '00:30:00+01:00' | \"23:30:00\"",
        "'type':'time','format':'%H:%M'      | '9:05'           | \"09:05:00\"",
        "'type':'time','format':'%I:%M %p'   | '1:05 PM'        | \"13:05:00\"",
        "'type':'time','format':'%I:%M %p'   | '12:05 am'       | \"00:05:00\"",
        "'type':'time','format':'any'        | '9:05'           | \"09:05:00\"",
        "'type':'time','format':'any'        | '9:05:01.25 pm'  | \"21:05:01.25\"",
        // datetime (always UTC with Z; naive taken as UTC)
        "'type':'datetime'                   | '2020-01-01T10:00:00Z'       | \"2020-01-01T10:00:00Z\"",
        "'type':'datetime'                   | '2020-01-01T10:00:00'        | \"2020-01-01T10:00:00Z\"",
        "'type':'datetime'                   | '2020-01-01T01:30:00+02:00'  | \"2019-12-31T23:30:00Z\"",
        "'type':'datetime'                   | '2020-01-01T10:00:00-00:30'  | \"2020-01-01T10:30:00Z\"",
        "'type':'datetime'                   | '2020-01-01T10:00:00.1234567Z' | \"2020-01-01T10:00:00.123456Z\"",
        "'type':'datetime'                   | '2020-01-01T10:00:00.120Z'   | \"2020-01-01T10:00:00.12Z\"",
        "'type':'datetime','format':'%d/%m/%Y %H:%M' | '01/02/2020 10:30' | \"2020-02-01T10:30:00Z\"",
        "'type':'datetime','format':'%Y-%m-%dT%H:%M:%S%z' | '2020-02-01T10:30:00+0100' | \"2020-02-01T09:30:00Z\"",
        "'type':'datetime','format':'any'    | '2020-01-01 10:00'           | \"2020-01-01T10:00:00Z\"",
        "'type':'datetime','format':'any'    | '2020-01-01t10:00:00+05'     | \"2020-01-01T05:00:00Z\"",
        "'type':'datetime','format':'any'    | '2020-01-01'                 | \"2020-01-01T00:00:00Z\"",
        // year, yearmonth, duration
        "'type':'year'                       | 2020             | 2020",
        "'type':'year'                       | '0999'           | 999",
        "'type':'yearmonth'                  | '2024-01'        | \"2024-01\"",
        "'type':'yearmonth'                  | [2024, 1]        | \"2024-01\"",
        "'type':'duration'                   | 'P1Y2M3DT4H5M6.5S' | \"P1Y2M3DT4H5M6.5S\"",
        "'type':'duration'                   | 'PT0S'           | \"PT0S\"",
        "'type':'duration'                   | '-P1D'           | \"-P1D\"",
        // object, array, list
        "'type':'object'                     | {'a':[1,{'b':null}]} | {\"a\":[1,{\"b\":null}]}",
        "'type':'object'                     | '{\"a\":1.50}'   | {\"a\":1.50}",
        "'type':'array'                      | [1,'x']          | [1,\"x\"]",
        "'type':'array'                      | '[1, 2]'         | [1,2]",
        "'type':'list'                       | 'a,b,,c'         | [\"a\",\"b\",\"\",\"c\"]",
        "'type':'list','itemType':'integer'  | '1,2'            | [1,2]",
        "'type':'list','itemType':'integer'  | [1, '02']        | [1,2]",
        "'type':'list','itemType':'date','delimiter':'; ' | '2020-01-01; 2020-01-02' | [\"2020-01-01\",\"2020-01-02\"]",
        "'type':'list','itemType':'boolean'  | 'true,0'         | [true,false]",
        // geopoint (always {lon, lat}) and geojson
        "'type':'geopoint'                   | '10.5, 20'       | {\"lon\":10.5,\"lat\":20}",
        "'type':'geopoint'                   | '-180,-90'       | {\"lon\":-180,\"lat\":-90}",
        "'type':'geopoint','format':'array'  | [10, 20.25]      | {\"lon\":10,\"lat\":20.25}",
        "'type':'geopoint','format':'array'  | '[10, 20]'       | {\"lon\":10,\"lat\":20}",
        "'type':'geopoint','format':'object' | {'lat':2,'lon':1}| {\"lon\":1,\"lat\":2}",
        "'type':'geopoint','format':'object' | '{\"lon\":1,\"lat\":2}' | {\"lon\":1,\"lat\":2}",
        "'type':'geojson'                    | {'type':'Point','coordinates':[1,2]} | {\"type\":\"Point\",\"coordinates\":[1,2]}",
        "'type':'geojson'                    | '{\"type\":\"Point\",\"coordinates\":[1,2,3]}' | {\"type\":\"Point\",\"coordinates\":[1,2,3]}",
        "'type':'geojson'                    | {'type':'Feature','geometry':null,'properties':null} | {\"type\":\"Feature\",\"geometry\":null,\"properties\":null}",
        "'type':'geojson'                    | {'type':'FeatureCollection','features':[]} | {\"type\":\"FeatureCollection\",\"features\":[]}",
        "'type':'geojson'                    | {'type':'Polygon','coordinates':[[[0,0],[1,0],[1,1],[0.0,0]]]} | {\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0.0,0]]]}",
        "'type':'geojson'                    | {'type':'GeometryCollection','geometries':[{'type':'LineString','coordinates':[[0,0],[1,1]]}]} | {\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}]}",
        "'type':'geojson','format':'topojson'| {'type':'Topology','objects':{}} | {\"type\":\"Topology\",\"objects\":{}}",
        // any: no processing
        "'type':'any'                        | '1'              | \"1\"",
        "'title':'no type means any (v2)'    | 1                | 1",
        "'title':'no type means any (v2)'    | {'a':[true]}     | {\"a\":[true]}",
    })
    void castsToCanonicalValue(String props, String raw, String expected) {
        CastResult result = castOne(props, raw);
        assertEquals(List.of(), result.violations());
        assertEquals(expected, result.record().get("f").toString());
    }

    @Test
    void canonicalNodeKinds() {
        assertInstanceOf(LongNode.class, castOne("'type':'integer'", "'5'").record().get("f"));
        assertInstanceOf(BigIntegerNode.class, castOne("'type':'integer'", "'99999999999999999999'").record().get("f"));
        assertInstanceOf(DecimalNode.class, castOne("'type':'number'", "5").record().get("f"));
        assertInstanceOf(TextNode.class, castOne("'type':'number'", "'NaN'").record().get("f"));
        assertInstanceOf(IntNode.class, castOne("'type':'year'", "'2020'").record().get("f"));
        JsonNode point = castOne("'type':'geopoint'", "'1,2'").record().get("f");
        assertInstanceOf(DecimalNode.class, point.get("lon"));
        assertInstanceOf(DecimalNode.class, point.get("lat"));
    }

    @ParameterizedTest(name = "[{index}] {0} <- {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "'type':'string'                  | 5",
        "'type':'string'                  | true",
        "'type':'string'                  | ['a']",
        "'type':'string','format':'email' | 'ada@localhost'",
        "'type':'string','format':'email' | 'a b@c.d'",
        "'type':'string','format':'uri'   | 'relative/path'",
        "'type':'string','format':'uri'   | 'http://'",
        "'type':'string','format':'binary'| '@@@@'",
        "'type':'string','format':'binary'| 'abcde'",
        "'type':'string','format':'binary'| 'ab=c'",
        "'type':'string','format':'uuid'  | '123e4567e89b12d3a456426614174000'",
        "'type':'integer'                 | true",
        "'type':'integer'                 | '1.0'",
        "'type':'integer'                 | '1e3'",
        "'type':'integer'                 | '1_000'",
        "'type':'integer'                 | '\u0663'",
        "'type':'integer'                 | '\uff11'",
        "'type':'integer'                 | '0x10'",
        "'type':'integer'                 | 1.5",
        "'type':'integer'                 | '1,000'",
        "'type':'integer'                 | '- 1'",
        "'type':'integer'                 | {}",
        "'type':'integer','missingValues':[] | ''",
        "'type':'number'                  | true",
        "'type':'number'                  | 'Infinity'",
        "'type':'number'                  | '+INF'",
        "'type':'number'                  | '1,5'",
        "'type':'number'                  | '1.5.5'",
        "'type':'number'                  | '1_0'",
        "'type':'number'                  | '\u0661.5'",
        "'type':'number','decimalChar':','| '1.5'",
        "'type':'number'                  | '€95'",
        "'type':'boolean'                 | 1",
        "'type':'boolean'                 | 0",
        "'type':'boolean'                 | 'yes'",
        "'type':'boolean'                 | 'TRUE '",
        "'type':'boolean','trueValues':['yes'] | 'true'",
        "'type':'date'                    | '2019-02-30'",
        "'type':'date'                    | '2019-1-1'",
        "'type':'date'                    | '2019-01-01T00:00:00'",
        "'type':'date'                    | 20190101",
        "'type':'date','format':'%d/%m/%Y'| '2020-01-01'",
        "'type':'date','format':'%d/%m/%Y'| '32/01/2020'",
        "'type':'time'                    | '06:00'",
        "'type':'time'                    | '24:00:00'",
        "'type':'time'                    | '6:00:00'",
        "'type':'time'                    | '06:00:00+1:00'",
        "'type':'time'                    | '06:00:60'",
        "'type':'datetime'                | '2020-01-01 10:00:00Z'",
        "'type':'datetime'                | '2020-01-01T10:00Z'",
        "'type':'datetime'                | '2020-01-01T10:00:00+1:00'",
        "'type':'datetime'                | '2020-01-01T10:00:00+01'",
        "'type':'datetime'                | '2020-01-01'",
        "'type':'datetime'                | '2020-01-01t10:00:00z'",
        "'type':'datetime'                | '2020-02-30T00:00:00Z'",
        "'type':'datetime'                | '0000-01-01T00:00:00+01:00'",
        "'type':'datetime'                | 1577836800",
        "'type':'year'                    | -1",
        "'type':'year'                    | 10000",
        "'type':'year'                    | '20'",
        "'type':'year'                    | '12345'",
        "'type':'year'                    | 2020.5",
        "'type':'yearmonth'               | '2024-1'",
        "'type':'yearmonth'               | '2024-13'",
        "'type':'yearmonth'               | '2024/01'",
        "'type':'yearmonth'               | [2024]",
        "'type':'yearmonth'               | [2024, 13]",
        "'type':'duration'                | 'P1W'",
        "'type':'duration'                | 'P'",
        "'type':'duration'                | 'PT'",
        "'type':'duration'                | 'P1DT'",
        "'type':'duration'                | '1D'",
        "'type':'duration'                | 'P1.5D'",
        "'type':'duration'                | 'P-1D'",
        "'type':'duration'                | 'PT1S1M'",
        "'type':'object'                  | [1]",
        "'type':'object'                  | '[1]'",
        "'type':'object'                  | '{} x'",
        "'type':'object'                  | 'x'",
        "'type':'array'                   | {}",
        "'type':'array'                   | '{}'",
        "'type':'list','itemType':'integer' | '1,x'",
        "'type':'list'                    | 5",
        "'type':'list'                    | ['a', null]",
        "'type':'list'                    | ['a', 1]",
        "'type':'geopoint'                | '200, 10'",
        "'type':'geopoint'                | '10, 95'",
        "'type':'geopoint'                | '10'",
        "'type':'geopoint'                | [10, 20]",
        "'type':'geopoint','format':'array'  | [10]",
        "'type':'geopoint','format':'array'  | ['10', '20']",
        "'type':'geopoint','format':'object' | {'lon':1}",
        "'type':'geopoint','format':'object' | {'lon':1,'lat':2,'alt':3}",
        "'type':'geojson'                 | {'type':'Point'}",
        "'type':'geojson'                 | {'type':'Circle','coordinates':[1,2]}",
        "'type':'geojson'                 | {'type':'Point','coordinates':[1]}",
        "'type':'geojson'                 | {'type':'LineString','coordinates':[[0,0]]}",
        "'type':'geojson'                 | {'type':'Polygon','coordinates':[[[0,0],[1,0],[1,1],[0,1]]]}",
        "'type':'geojson'                 | {'type':'Feature','geometry':null}",
        "'type':'geojson'                 | {'type':'FeatureCollection','features':[{'type':'Point','coordinates':[1,2]}]}",
        "'type':'geojson'                 | 5",
        "'type':'geojson','format':'topojson' | {'type':'Point','coordinates':[1,2]}",
    })
    void rejectsUncastableValue(String props, String raw) {
        CastResult result = castOne(props, raw);
        assertEquals(List.of("f:type"), codes(result));
        assertFalse(result.record().has("f"), "a failed field is left out of the record");
    }

    @ParameterizedTest(name = "[{index}] {0} <- {1}")
    @CsvSource(delimiter = '#', quoteCharacter = '`', value = {
        // required (explicit and implied by the primary key is tested separately)
        "'type':'string','constraints':{'required':true}                # null          # required",
        "'type':'string','constraints':{'required':true}                # ''            # required",
        "'type':'string','constraints':{'required':false}               # null          # ok",
        // length: code points for strings, items/members otherwise
        "'type':'string','constraints':{'minLength':2}                  # 'a'           # minLength",
        "'type':'string','constraints':{'maxLength':2}                  # '\uD83D\uDE00\uD83D\uDE00' # ok",
        "'type':'string','constraints':{'maxLength':1}                  # '\uD83D\uDE00\uD83D\uDE00' # maxLength",
        "'type':'array','constraints':{'minLength':2}                   # [1]           # minLength",
        "'type':'object','constraints':{'maxLength':1}                  # {'a':1,'b':2} # maxLength",
        "'type':'list','constraints':{'minLength':3}                    # 'a,b'         # minLength",
        // ranges: numeric, chronological, lexical for yearmonth
        "'type':'integer','constraints':{'minimum':10}                  # 9             # minimum",
        "'type':'integer','constraints':{'maximum':'10'}                # '9'           # ok",
        "'type':'integer','constraints':{'maximum':10}                  # '11'          # maximum",
        "'type':'integer','constraints':{'exclusiveMaximum':10}         # 10            # exclusiveMaximum",
        "'type':'number','constraints':{'minimum':2}                    # '2.00'        # ok",
        "'type':'number','constraints':{'exclusiveMinimum':2}           # '2.00'        # exclusiveMinimum",
        "'type':'number','constraints':{'minimum':0}                    # 'NaN'         # minimum",
        "'type':'number','constraints':{'maximum':0}                    # 'NaN'         # maximum",
        "'type':'number','constraints':{'maximum':1e308}                # 'INF'         # maximum",
        "'type':'number','constraints':{'minimum':0}                    # '-INF'        # minimum",
        "'type':'number','constraints':{'minimum':'-INF'}               # '-1e999'      # ok",
        "'type':'date','constraints':{'minimum':'2020-01-01'}           # '2019-12-31'  # minimum",
        "'type':'date','format':'%d/%m/%Y','constraints':{'minimum':'01/01/2000'} # '31/12/1999' # minimum",
        "'type':'date','format':'%d/%m/%Y','constraints':{'minimum':'01/01/2000'} # '02/01/2000' # ok",
        "'type':'datetime','constraints':{'maximum':'2020-01-01T00:00:00Z'} # '2020-01-01T01:00:00+02:00' # ok",
        "'type':'datetime','constraints':{'maximum':'2020-01-01T00:00:00Z'} # '2020-01-01T00:00:00.000001Z' # maximum",
        "'type':'time','constraints':{'minimum':'08:00:00'}             # '07:59:59.9'  # minimum",
        "'type':'year','constraints':{'minimum':2000}                   # '1999'        # minimum",
        "'type':'yearmonth','constraints':{'maximum':'2020-06'}         # [2020, 7]     # maximum",
        "'type':'duration','constraints':{'maximum':'PT1H'}             # 'PT61M'       # maximum",
        "'type':'duration','constraints':{'maximum':'PT1H'}             # 'P1M'         # ok",
        // pattern: whole value
        "'type':'string','constraints':{'pattern':'a|b'}                # 'ab'          # pattern",
        "'type':'string','constraints':{'pattern':'a|b'}                # 'b'           # ok",
        "'type':'string','constraints':{'pattern':'[a-z-[aeiou]]+'}     # 'bcd'         # ok",
        "'type':'string','constraints':{'pattern':'[a-z-[aeiou]]+'}     # 'bad'         # pattern",
        "'type':'string','constraints':{'pattern':'[a&&b]'}             # '&'           # ok",
        "'type':'string','constraints':{'pattern':'^[0-9]{3}$'}         # '123'         # ok",
        "'type':'string','constraints':{'pattern':'\\\\p{IsBasicLatin}+'} # 'abc'         # ok",
        "'type':'string','constraints':{'pattern':'\\\\i\\\\c*'}            # 'x-1'         # ok",
        "'type':'string','constraints':{'pattern':'\\\\i\\\\c*'}            # '1x'          # pattern",
        "'type':'string','constraints':{'pattern':'\\\\p{IsGreek}+'}     # 'αβγ'         # ok",
        "'type':'string','constraints':{'pattern':'\\\\p{IsGreek}+'}     # 'abc'         # pattern",
        "'type':'string','constraints':{'pattern':'[\\\\p{IsBasicLatin}-[a-z]]+'} # 'ABC' # ok",
        "'type':'string','constraints':{'pattern':'[\\\\p{IsBasicLatin}-[a-z]]+'} # 'AbC' # pattern",
        "'type':'string','constraints':{'pattern':'[\\\\I]'}             # '1'           # ok",
        "'type':'string','constraints':{'pattern':'[\\\\I]'}             # 'x'           # pattern",
        "'type':'string','constraints':{'pattern':'[0-9-[0-9]]'}        # '1'           # pattern",
        "'type':'string','constraints':{'pattern':'a.c'}                # 'a\u2028c'    # pattern",
        "'type':'string','constraints':{'pattern':'a.c'}                # 'a\u00e9c'    # ok",
        // a pattern that takes a backtracking engine 2^60 steps on this value: RE2/J answers at once
        "'type':'string','constraints':{'pattern':'((a+)*)+b'}          # 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac' # pattern",
        // enum on logical values; categories
        "'type':'integer','constraints':{'enum':['1','2']}              # 2             # ok",
        "'type':'integer','constraints':{'enum':['1','2']}              # '3'           # enum",
        "'type':'number','constraints':{'enum':[2]}                     # '2.00'        # ok",
        "'type':'date','format':'%d/%m/%Y','constraints':{'enum':['01/02/2020']} # '1/2/2020' # ok",
        "'type':'object','constraints':{'enum':[{'a':1}]}               # {'a':1.0}     # ok",
        "'constraints':{'enum':['1']}                                   # 1             # enum",
        "'type':'string','categories':['apple','orange']                # 'pear'        # categories",
        "'type':'string','categories':[{'value':'a','label':'Apple'}]   # 'Apple'       # categories",
        "'type':'integer','categories':[{'value':1,'label':'one'}]      # '1'           # ok",
        // jsonSchema is not enforced at record time (documented)
        "'type':'object','constraints':{'jsonSchema':{'type':'object','required':['x']}} # {} # ok",
    })
    void checksConstraint(String props, String raw, String expectedCode) {
        CastResult result = castOne(props, raw);
        assertEquals(expectedCode.equals("ok") ? List.of() : List.of("f:" + expectedCode), codes(result));
    }

    @Test
    void primaryKeyFieldsAreImplicitlyRequired() {
        RecordCaster caster = new RecordCaster(schema("{'fields':[{'name':'id','type':'integer'},{'name':'x'}],"
                + "'primaryKey':'id'}"));
        assertEquals(List.of("id:required"), codes(caster.cast(json("{'x':1}"), false)));
        assertEquals(List.of("id:required"), codes(caster.cast(json("{'id':''}"), false)));
    }

    @ParameterizedTest(name = "[{index}] {0} / {1} <- {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // schema-level list | field-level props        | raw      | expected output or error code
        "['NA','-']          | 'type':'integer'          | 'NA'     | null",
        "['NA','-']          | 'type':'integer'          | '-'      | null",
        "['NA']              | 'type':'integer'          | ''       | error:type",
        "['NA']              | 'type':'integer'          | 'na'     | error:type",
        "['NA']              | 'type':'integer'          | ' NA'    | error:type",
        "['NA']              | 'type':'integer','missingValues':['-'] | 'NA' | error:type",
        "['NA']              | 'type':'integer','missingValues':['-'] | '-'  | null",
        "['-99']             | 'type':'integer'          | -99      | null",
        "['-99']             | 'type':'number'           | '-99'    | null",
        "['']                | 'type':'string'           | ''       | null",
        "[]                  | 'type':'string'           | ''       | \"\"",
        "['']                | 'type':'string','missingValues':[] | '' | \"\"",
        "['']                | 'type':'any'              | ''       | null",
        "[{'value':'n/a','label':'not applicable'}] | 'type':'date' | 'n/a' | null",
        "['null']            | 'type':'string'           | 'null'   | null",
        "['']                | 'type':'boolean'          | null     | null",
    })
    void appliesMissingValues(String schemaMissing, String props, String raw, String expected) {
        TableSchema schema = schema("{'missingValues':" + schemaMissing + ",'fields':[{'name':'f'," + props + "}]}");
        CastResult result = new RecordCaster(schema).cast(json("{'f':" + raw + "}"), false);
        if (expected.startsWith("error:")) {
            assertEquals(List.of("f:" + expected.substring(6)), codes(result));
        } else {
            assertEquals(List.of(), result.violations());
            assertEquals(expected, result.record().get("f").toString());
        }
    }

    private static final String PEOPLE = "{'fields':["
            + "{'name':'id','type':'integer'},"
            + "{'name':'name','type':'string','constraints':{'required':true,'minLength':2,'pattern':'[A-Z].*'}},"
            + "{'name':'born','type':'date'},"
            + "{'name':'score','type':'number','constraints':{'maximum':10}}],"
            + "'primaryKey':['id']}";

    @Test
    void fullModeOutputsEveryFieldInSchemaOrder() {
        CastResult result = new RecordCaster(schema(PEOPLE)).cast(json("{'name':'Ada','id':'1'}"), false);
        assertTrue(result.valid(), result.violations()::toString);
        assertEquals("{\"id\":1,\"name\":\"Ada\",\"born\":null,\"score\":null}", result.record().toString());
    }

    @Test
    void partialModeOnlyCastsPresentKeys() {
        RecordCaster caster = new RecordCaster(schema(PEOPLE));
        CastResult ok = caster.cast(json("{'score':'9.5'}"), true);
        assertTrue(ok.valid(), ok.violations()::toString);
        assertEquals("{\"score\":9.5}", ok.record().toString());
        // A required field present as null (or a missing value) is still an error in PATCH.
        assertEquals(List.of("name:required"), codes(caster.cast(json("{'name':null}"), true)));
        assertEquals(List.of("id:required", "name:required"), codes(caster.cast(json("{'id':'','name':''}"), true)));
        assertEquals(List.of(), codes(caster.cast(json("{}"), true)));
    }

    @Test
    void reportsUnknownFields() {
        CastResult result = new RecordCaster(schema(PEOPLE)).cast(json("{'id':1,'name':'Ada','extra':1,'Name':2}"), false);
        assertEquals(List.of("extra:unknown_field", "Name:unknown_field"), codes(result));
        assertEquals(List.of("extra:unknown_field"),
                codes(new RecordCaster(schema(PEOPLE)).cast(json("{'extra':null}"), true)));
    }

    @Test
    void reportsEveryViolationAtOnce() {
        CastResult result = new RecordCaster(schema(PEOPLE))
                .cast(json("{'id':'x','name':'a','born':'2020-13-01','score':11,'zzz':0}"), false);
        assertEquals(List.of("id:type", "name:minLength", "name:pattern", "born:type", "score:maximum",
                "zzz:unknown_field"), codes(result));
        assertFalse(result.valid());
    }

    @Test
    void rejectsNonObjectRecords() {
        RecordCaster caster = new RecordCaster(schema(PEOPLE));
        for (String raw : List.of("[]", "1", "'x'", "null")) {
            assertEquals(List.of(":type"), codes(caster.cast(json(raw), false)));
        }
        assertEquals(List.of(":type"), codes(caster.cast(null, true)));
    }

    @Test
    void neverThrowsWhateverTheValue() {
        List<String> fields = List.of("'type':'string','format':'email'", "'type':'string','format':'uri'",
                "'type':'string','format':'binary'", "'type':'string','format':'uuid'", "'type':'integer'",
                "'type':'integer','bareNumber':false,'groupChar':','", "'type':'number'",
                "'type':'number','bareNumber':false,'decimalChar':','", "'type':'boolean'", "'type':'object'",
                "'type':'array'", "'type':'list','itemType':'datetime'", "'type':'date'", "'type':'date','format':'any'",
                "'type':'date','format':'%d %b %Y %j'", "'type':'time','format':'any'", "'type':'time','format':'%I%p%z'",
                "'type':'datetime'", "'type':'datetime','format':'any'", "'type':'year'", "'type':'yearmonth'",
                "'type':'duration','constraints':{'minimum':'PT1S'}", "'type':'geopoint'",
                "'type':'geopoint','format':'array'", "'type':'geopoint','format':'object'", "'type':'geojson'",
                "'type':'geojson','format':'topojson'", "'type':'any'");
        List<String> values = List.of("''", "' '", "'%'", "'-'", "'+'", "'.'", "'e'", "'1e'", "'E5'", "'--1'",
                "'9999-99-99'", "'99:99:99'", "'0000-01-01T00:00:00-14:00'", "'9999-12-31T23:59:59-18:00'",
                "'2020-01-01T00:00:00+99:99'", "'P'", "'-'", "'99, 99'", "'[1,'", "'{'", "'[]'", "'[null,null]'",
                "'{\"type\":\"Feature\"}'", "'{\"type\":\"GeometryCollection\",\"geometries\":[1]}'",
                "'1 am +2500'", "'31 Foo 2020 400'", "'99:99 pm'", "'0'", "-0", "0.0", "-1e-400", "1e400",
                "123456789012345678901234567890.5", "true", "[]", "[[]]", "{}", "{'lon':'1','lat':'2'}",
                "[1e999, 1]", "{'type':[]}", "{'type':'Polygon','coordinates':[[]]}", "'\\u0000'", "'\\uD800'");
        for (String field : fields) {
            for (String value : values) {
                CastResult result = castOne(field, value);
                assertTrue(result.valid() || result.violations().stream().allMatch(v -> v.field().equals("f")),
                        field + " <- " + value);
            }
        }
    }

    @Test
    void castValueCoercesOrThrows() {
        TableSchema schema = schema(PEOPLE);
        RecordCaster caster = new RecordCaster(schema);
        assertEquals(LongNode.valueOf(5), caster.castValue(schema.field("id").orElseThrow(), json("'5'")));
        assertEquals(NullNode.getInstance(), caster.castValue(schema.field("id").orElseThrow(), json("''")));
        assertEquals(NullNode.getInstance(), caster.castValue(schema.field("id").orElseThrow(), null));
        // No constraints in castValue: "a" is short for name, but it casts.
        assertEquals(TextNode.valueOf("a"), caster.castValue(schema.field("name").orElseThrow(), json("'a'")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> caster.castValue(schema.field("born").orElseThrow(), json("'yesterday'")));
        assertTrue(e.getMessage().contains("born"), e.getMessage());
    }
}
