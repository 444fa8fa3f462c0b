package io.datably.service.transfer;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.TableSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CSV rows through Jackson's streaming CSV parser: the header row names each column's field (every name a field of
 * the schema, none twice, every required field present, else a 400 before any row); each line then becomes a record
 * of text cells for the schema's casting, as a CSV reader of Table Schema would. A cell equal to the dialect's
 * {@code null_sequence} is null. A cell of an {@code array}, {@code object} or {@code list} field holding JSON text is
 * that JSON, as an export writes it. A line with more or fewer cells than the header is rejected as a row.
 */
final class CsvRows extends ImportRows {
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES).build();

    private final MappingIterator<List<String>> lines;
    private final List<String> columns;
    private final List<Field> fields;
    private final CsvDialect dialect;
    private final Reader reader;

    CsvRows(Reader reader, CsvDialect dialect, TableSchema schema) throws IOException {
        this.reader = reader;
        this.dialect = dialect;
        this.lines = lines(reader, dialect);
        List<String> header;
        try {
            header = lines.hasNextValue() ? lines.nextValue() : null;
        } catch (CharacterCodingException e) {
            throw notDecodable(dialect.encoding().name(), "header row");
        } catch (IOException e) {
            throw malformed("the header row cannot be read: " + reason(e));
        }
        if (header == null) {
            throw malformed("a header row naming the fields is required; the body is empty");
        }
        this.columns = header;
        this.fields = checkHeader(header, schema);
    }

    /** The lines of {@code reader} as lists of cells, in this dialect (also the sample of a schema inference). */
    static MappingIterator<List<String>> lines(Reader reader, CsvDialect dialect) throws IOException {
        CsvSchema format = CsvSchema.emptySchema().withColumnSeparator(dialect.delimiter())
                .withQuoteChar(dialect.quoteChar());
        if (dialect.escapeChar() != null) {
            format = format.withEscapeChar(dialect.escapeChar());
        }
        return CSV.readerForListOf(String.class).with(format).readValues(reader);
    }

    private static List<Field> checkHeader(List<String> header, TableSchema schema) {
        List<ProblemItem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            Field field = schema.field(name).orElse(null);
            if (field == null) {
                problems.add(new ProblemItem("header." + name, "unknown_field", "column " + (i + 1)
                        + " names no field of the schema; fields are " + schema.fields().stream().map(Field::name)
                        .toList()));
            } else if (!seen.add(name)) {
                problems.add(new ProblemItem("header." + name, "duplicate", "column " + (i + 1)
                        + " names a field an earlier column names"));
            }
            fields.add(field);
        }
        for (Field field : schema.fields()) {
            if (schema.isRequired(field) && !field.generated() && !seen.contains(field.name())) {
                problems.add(new ProblemItem("header." + field.name(), "required", "the header has no column for "
                        + "this required field"));
            }
        }
        if (!problems.isEmpty()) {
            throw new DatablyException(ErrorCode.RECORD_INVALID, "The header row does not fit the schema: "
                    + problems.get(0).field() + " " + problems.get(0).message()
                    + (problems.size() > 1 ? ", …" : ""), problems);
        }
        return fields;
    }

    @Override
    protected Row nextRow(long number) throws IOException {
        if (!lines.hasNextValue()) {
            return null;
        }
        List<String> cells = lines.nextValue();
        if (cells.size() != columns.size()) {
            String rule = cells.size() > columns.size() ? "extra_cell" : "missing_cell";
            return new Row(number, null, new ImportReport.RowError(number, "", rule,
                    DatablyException.abbreviate(String.join(String.valueOf(dialect.delimiter()), cells)),
                    "the row has " + cells.size() + " cells; the header has " + columns.size()));
        }
        ObjectNode record = CSV.createObjectNode();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            Field field = fields.get(i);
            if (cell.equals(dialect.nullSequence())) {
                record.putNull(field.name());
            } else if (field.type() == FieldType.LIST && cell.startsWith("[")) {
                record.set(field.name(), jsonArrayOrText(cell));
            } else {
                record.put(field.name(), cell);
            }
        }
        return new Row(number, record, null);
    }

    /** A list cell in JSON (as exported) is that array; anything else stays text for the list's own delimiter. */
    private static com.fasterxml.jackson.databind.JsonNode jsonArrayOrText(String cell) {
        try {
            com.fasterxml.jackson.databind.JsonNode parsed = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(cell);
            return parsed != null && parsed.isArray() ? parsed : CSV.getNodeFactory().textNode(cell);
        } catch (IOException e) {
            return CSV.getNodeFactory().textNode(cell);
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
        reader.close();
    }
}
