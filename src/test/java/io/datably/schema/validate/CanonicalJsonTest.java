package io.datably.schema.validate;

import static io.datably.schema.validate.TestJson.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'b':1,'a':[true,null,'x']}               | {\"a\":[true,null,\"x\"],\"b\":1}",
        "{ 'z' : { 'y' : 1, 'x' : 2 }, 'a' : [] }  | {\"a\":[],\"z\":{\"x\":2,\"y\":1}}",
        "[{'b':1,'a':2}, 'é']                      | [{\"a\":2,\"b\":1},\"é\"]",
        "'text'                                    | \"text\"",
        "{'B':1,'a':2,'_':3}                       | {\"B\":1,\"_\":3,\"a\":2}",
    })
    void writesSortedKeysWithoutWhitespace(String input, String expected) {
        assertEquals(expected, CanonicalJson.write(json(input)));
    }

    @Test
    void hashIsIndependentOfKeyOrder() {
        String a = CanonicalJson.sha256Hex(json("{'id':1,'name':'Ada','tags':['x','y'],'n':{'q':1,'p':2}}"));
        String b = CanonicalJson.sha256Hex(json("{'n':{'p':2,'q':1},'tags':['x','y'],'name':'Ada','id':1}"));
        assertEquals(a, b);
        // Array order is significant.
        assertNotEquals(a, CanonicalJson.sha256Hex(json("{'id':1,'name':'Ada','tags':['y','x'],'n':{'q':1,'p':2}}")));
    }

    @Test
    void knownSha256OfSmallObjects() {
        // printf '%s' '{"a":[true,null,"x"],"b":1}' | sha256sum
        assertEquals("54a65415ad370228851a1da4b31b6fd42dc58b19a50d35cae759325f7388ce64",
                CanonicalJson.sha256Hex(json("{'b':1,'a':[true,null,'x']}")));
        assertEquals("aad83330b732f1b2456f88fb79a8d772662172cabcbcc7b79d93cc638e87fde7",
                CanonicalJson.sha256Hex(json("{'tags':['x','y'],'name':'Ada','id':1}")));
    }

    @Test
    void sortsByCodePointNotUtf16Unit() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("\uD83D\uDE00", 1); // U+1F600: a surrogate pair, sorts before U+E000 in UTF-16 order
        node.put("\uE000", 2);
        assertEquals("{\"\uE000\":2,\"\uD83D\uDE00\":1}", CanonicalJson.write(node));
    }

    @Test
    void numbersAreWrittenAsJacksonWritesThem() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.set("d", DecimalNode.valueOf(new BigDecimal("1.50")));
        node.put("l", 9007199254740993L);
        assertEquals("{\"d\":1.50,\"l\":9007199254740993}", CanonicalJson.write(node));
    }
}
