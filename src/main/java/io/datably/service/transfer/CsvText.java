package io.datably.service.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Records as CSV lines (RFC 4180: comma, double quotes where needed, CRLF). A value is written in the text form the
 * JSON answer gives it: strings as they are, numbers and booleans as the page writes them, arrays and objects as
 * compact JSON text, null as an empty cell. Values that look like spreadsheet formulas ({@code =…}, {@code +…}) are
 * written unchanged: the file is data, not a spreadsheet. The header goes through Jackson's CSV generator; the records
 * through {@link #lines(String, int[], int[])}, which quotes exactly as that generator does.
 */
final class CsvText {
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    private final List<String> columns;
    private final java.util.Map<String, Integer> index = new java.util.HashMap<>();
    private final com.fasterxml.jackson.databind.ObjectWriter writer;

    CsvText(List<String> columns) {
        this.columns = List.copyOf(columns);
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        this.writer = CSV.writerFor(List.class).with(CsvSchema.emptySchema().withLineSeparator("\r\n"));
    }

    String header() {
        return line(new ArrayList<>(columns));
    }

    private static final com.fasterxml.jackson.core.JsonFactory TOKENS = new com.fasterxml.jackson.core.JsonFactory();

    /**
     * A page of records as the store rendered it (a JSON array of objects, compact), as CSV lines: read token by
     * token, each value written as its text in the page (numbers with their digits, arrays and objects as the page's
     * compact JSON text, strings unescaped), without building a tree of the page or serializing values again; members
     * that are not columns (a keyset page's ordering fields) are skipped. Quoting as Jackson's strict check does it
     * (RFC 4180): a cell holding a comma, a double quote, CR or LF is quoted, its quotes doubled. Answers the lines
     * and the char range of the page's last record ({@code last[0]}, {@code last[1]}), for the next page's cursor, and
     * the number of records ({@code count[0]}).
     */
    String lines(String page, int[] last, int[] count) {
        StringBuilder out = new StringBuilder(page.length());
        String[] cells = new String[columns.size()];
        try (com.fasterxml.jackson.core.JsonParser parser = TOKENS.createParser(page)) {
            if (parser.nextToken() != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                throw new IllegalStateException("A page of records is not a JSON array");
            }
            while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                last[0] = (int) parser.currentTokenLocation().getCharOffset();
                java.util.Arrays.fill(cells, "");
                while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    Integer column = index.get(parser.currentName());
                    com.fasterxml.jackson.core.JsonToken value = parser.nextToken();
                    if (column == null) {
                        parser.skipChildren();
                        continue;
                    }
                    cells[column] = switch (value) {
                        case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.getText();
                        case VALUE_TRUE -> "true";
                        case VALUE_FALSE -> "false";
                        case VALUE_NULL -> "";
                        default -> {
                            int from = (int) parser.currentTokenLocation().getCharOffset();
                            parser.skipChildren();
                            yield page.substring(from, (int) parser.currentLocation().getCharOffset());
                        }
                    };
                }
                last[1] = (int) parser.currentLocation().getCharOffset();
                count[0]++;
                for (int i = 0; i < cells.length; i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    append(out, cells[i]);
                }
                out.append("\r\n");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A page of records is unreadable", e);
        }
        return out.toString();
    }

    /** A cell, quoted when it holds a comma, a double quote, CR or LF (doubling its quotes). */
    private static void append(StringBuilder out, String cell) {
        int length = cell.length();
        boolean quote = false;
        for (int i = 0; i < length && !quote; i++) {
            char c = cell.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.append(cell);
            return;
        }
        out.append('"');
        for (int i = 0; i < length; i++) {
            char c = cell.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }

    private String line(List<String> cells) {
        try {
            return writer.writeValueAsString(cells);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A CSV line could not be written", e);
        }
    }
}
