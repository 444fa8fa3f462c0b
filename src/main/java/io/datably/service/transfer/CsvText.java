package io.datably.service.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Records as CSV lines (RFC 4180: comma, double quotes where needed, CRLF) through Jackson's CSV generator. A value
 * is written in the text form the JSON answer gives it: strings as they are, numbers and booleans as JSON writes
 * them, arrays and objects as compact JSON text, null as an empty cell. Values that look like spreadsheet formulas
 * ({@code =…}, {@code +…}) are written unchanged: the file is data, not a spreadsheet.
 */
final class CsvText {
    private static final CsvMapper CSV = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> columns;
    private final com.fasterxml.jackson.databind.ObjectWriter writer;

    CsvText(List<String> columns) {
        this.columns = List.copyOf(columns);
        this.writer = CSV.writerFor(List.class).with(CsvSchema.emptySchema().withLineSeparator("\r\n"));
    }

    String header() {
        return line(new ArrayList<>(columns));
    }

    /** One line per record of {@code records} (a JSON array of objects), through one generator. */
    String lines(JsonNode records) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (com.fasterxml.jackson.databind.SequenceWriter lines = writer.writeValues(out)) {
            List<String> cells = new ArrayList<>(columns.size());
            for (JsonNode record : records) {
                cells.clear();
                for (String column : columns) {
                    cells.add(cell(record.get(column)));
                }
                lines.write(cells);
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("CSV lines could not be written", e);
        }
        return out.toString();
    }

    /** A value as its cell's text; null (or absent) as an empty cell. */
    static String cell(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record value could not be written", e);
        }
    }

    private String line(List<String> cells) {
        try {
            return writer.writeValueAsString(cells);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A CSV line could not be written", e);
        }
    }
}
