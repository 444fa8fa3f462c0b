package io.datably.service.transfer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.Reader;

/**
 * JSON rows through Jackson's streaming parser, one record in memory at a time: a JSON array of records, or NDJSON
 * (one record per line; any whitespace between records is accepted). Each element is a row; one that is not an
 * object is rejected as a row by the schema's casting.
 */
final class JsonRows extends ImportRows {
    /** The API's own JSON reading (exact decimals...), one record of a stream at a time: more may follow it. */
    private final ObjectReader reader;
    private final JsonParser parser;
    private final boolean array;
    private boolean ended;

    JsonRows(Reader reader, ObjectMapper mapper, boolean ndjson) throws IOException {
        this.reader = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.parser = mapper.getFactory().createParser(reader);
        if (ndjson) {
            this.array = false;
            return;
        }
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (IOException e) {
            throw malformed(reason(e));
        }
        if (first != JsonToken.START_ARRAY) {
            throw malformed("a JSON body is an array of records (for one record per line, send Content-Type "
                    + "application/x-ndjson)");
        }
        this.array = true;
    }

    @Override
    protected Row nextRow(long number) throws IOException {
        if (ended) {
            return null;
        }
        JsonToken token = parser.nextToken();
        if (token == null || (array && token == JsonToken.END_ARRAY)) {
            ended = true;
            if (array && parser.nextToken() != null) {
                throw malformed("there is more after the array's end");
            }
            if (array && token == null) {
                throw malformed("the array is not closed");
            }
            return null;
        }
        JsonNode record = reader.readTree(parser);
        String unpaired = unpairedSurrogate(record, "");
        if (unpaired != null) {
            return new Row(number, null, new ImportReport.RowError(number, unpaired, "text", null,
                    "holds an unpaired UTF-16 surrogate escape, which is not Unicode text"));
        }
        return new Row(number, record, null);
    }

    /** The path of the first string or member name in {@code node} with an unpaired surrogate, or null. */
    private static String unpairedSurrogate(JsonNode node, String path) {
        if (node.isTextual()) {
            return unpaired(node.textValue()) ? path : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String found = unpairedSurrogate(node.get(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        for (var member : node.properties()) {
            String at = path.isEmpty() ? member.getKey() : path + "." + member.getKey();
            if (unpaired(member.getKey())) {
                return at;
            }
            String found = unpairedSurrogate(member.getValue(), at);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static boolean unpaired(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
