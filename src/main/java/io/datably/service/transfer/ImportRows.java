package io.datably.service.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
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
    /** The body's encoding, as error messages name it. */
    private String encoding = "UTF-8";

    /** Names the body's encoding in the errors of bytes it cannot decode. */
    final ImportRows encoded(java.nio.charset.Charset charset) {
        this.encoding = charset.name();
        return this;
    }

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
            throw notDecodable(encoding, "near row " + (read + 1));
        } catch (IOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw notDecodable(encoding, "near row " + (read + 1));
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

    /** Bytes the body's encoding cannot decode: a 400 naming the encoding and where. */
    static DatablyException notDecodable(String encoding, String where) {
        return malformed("the body is not " + encoding + " text (" + where + "); give its encoding with "
                + "?encoding=");
    }

    /** The body as UTF-8 text, a leading byte order mark skipped, bytes that are not UTF-8 refused. */
    static Reader utf8(InputStream body) throws IOException {
        return text(body, StandardCharsets.UTF_8);
    }

    /**
     * The body as text of {@code charset}: a leading byte order mark skipped (UTF-16 reads it to learn the byte
     * order), bytes that are not text of that charset refused rather than replaced.
     */
    static Reader text(InputStream body, Charset charset) throws IOException {
        PushbackInputStream in = new PushbackInputStream(body, 3);
        if (charset.equals(StandardCharsets.UTF_8)) {
            byte[] start = in.readNBytes(3);
            boolean bom = start.length == 3 && (start[0] & 0xFF) == 0xEF && (start[1] & 0xFF) == 0xBB
                    && (start[2] & 0xFF) == 0xBF;
            if (!bom && start.length > 0) {
                in.unread(start);
            }
        }
        Reader decoded = new StrictReader(in, charset);
        if (charset.equals(StandardCharsets.UTF_8)) {
            return decoded;
        }
        java.io.PushbackReader reader = new java.io.PushbackReader(decoded, 1);
        int first = reader.read(); // UTF-16LE/BE and UTF-32 leave a byte order mark in the text
        if (first >= 0 && first != '\uFEFF') {
            reader.unread(first);
        }
        return reader;
    }
}
