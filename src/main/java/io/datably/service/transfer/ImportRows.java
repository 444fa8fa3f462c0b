package io.datably.service.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of an import body, read incrementally (blocking reads: worker threads only). A row a reader can tell is
 * broken on its own (a ragged CSV line) carries its problem; input that cannot be read on (bad quoting, text that is
 * not UTF-8, broken JSON) is a 400 naming where reading stopped.
 */
abstract class ImportRows implements AutoCloseable {
    /** A row: its position (1 = the first record), the record as given, or the reason it is not one. */
    record Row(long number, JsonNode record, ImportReport.RowError problem) {
    }

    private long read;

    /** Up to {@code rows} rows, or fewer when about {@code chars} characters of values were read; empty at the end. */
    final List<Row> next(int rows, long chars) {
        List<Row> batch = new ArrayList<>();
        long size = 0;
        try {
            while (batch.size() < rows && size < chars) {
                Row row = nextRow(read + 1);
                if (row == null) {
                    break;
                }
                read++;
                batch.add(row);
                size += row.record() == null ? 0 : approximateSize(row.record());
            }
        } catch (CharacterCodingException e) {
            throw malformed("the body is not UTF-8 text (near row " + (read + 1) + ")");
        } catch (IOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw malformed("the body is not UTF-8 text (near row " + (read + 1) + ")");
            }
            throw malformed("row " + (read + 1) + " cannot be read: " + reason(e));
        }
        return batch;
    }

    /** Rows read so far. */
    final long read() {
        return read;
    }

    /** The next row, numbered {@code number}, or null at the end. */
    protected abstract Row nextRow(long number) throws IOException;

    /** Jackson's message without its location and class names: what went wrong in the text. */
    static String reason(IOException e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        if (message == null) {
            return "unreadable input";
        }
        int at = message.indexOf("\n at [");
        return DatablyException.abbreviate((at > 0 ? message.substring(0, at) : message).replaceAll("\\s+", " "));
    }

    static DatablyException malformed(String message) {
        return new DatablyException(ErrorCode.MALFORMED_BODY, "The import cannot be read on: " + message,
                List.of(new ProblemItem("body", "malformed", message)));
    }

    /** Characters of the values in {@code record}, roughly: bounds a batch held in memory. */
    private static long approximateSize(JsonNode record) {
        long size = 0;
        for (JsonNode value : record) {
            size += value.isTextual() ? value.textValue().length() : value.isContainerNode() ? 64 * value.size() : 8;
        }
        return size;
    }

    /** The body as UTF-8 text, a leading byte order mark skipped, bytes that are not UTF-8 refused. */
    static Reader utf8(InputStream body) throws IOException {
        PushbackInputStream in = new PushbackInputStream(body, 3);
        byte[] start = in.readNBytes(3);
        boolean bom = start.length == 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB
                && (start[2] & 0xFF) == 0xBF;
        if (!bom && start.length > 0) {
            in.unread(start);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
    }
}
