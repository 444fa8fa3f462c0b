package io.datably.service.transfer;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.DataProvider;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.service.CatalogLookup;
import io.datably.service.ProviderRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Schema inference: reads at most {@link #MAX_ROWS} rows of a CSV sample (the rest of the body is never read) and
 * proposes the Table Schema an import of those rows into the datasource's provider would accept. The datasource is
 * looked up first (tenant-scoped: another tenant's is a 404) on the request's context; the body is read on a worker
 * thread.
 */
@ApplicationScoped
public class TableInference {
    public static final int MAX_ROWS = 10_000;
    /** For documentation annotations, which need a constant string. */
    public static final String MAX_ROWS_TEXT = "10,000";

    private final CatalogLookup lookup;
    private final ProviderRegistry providers;
    private final ObjectMapper mapper;

    public TableInference(CatalogLookup lookup, ProviderRegistry providers, ObjectMapper mapper) {
        this.lookup = lookup;
        this.providers = providers;
        this.mapper = mapper;
    }

    /** Called on a worker thread (the body is read with blocking reads). */
    public Uni<InferredSchema> infer(String app, String ds, InputStream body, RecordImport.Format format,
                                     CsvDialect dialect) {
        Context context = Vertx.currentContext();
        Uni<String> providerType = Uni.createFrom().deferred(() -> Panache.withSession(() ->
                lookup.activeDatasource(app, ds).map(source -> source.providerType)));
        Uni<String> looked = context == null ? providerType : Uni.createFrom().voidItem()
                .emitOn(task -> context.runOnContext(ignored -> task.run())).chain(() -> providerType);
        return looked.map(providers::of).chain(provider -> {
            provider.checkAvailable();
            return Uni.createFrom().item(() -> format == RecordImport.Format.CSV ? read(body, dialect, provider)
                            : readJson(body, format == RecordImport.Format.NDJSON, provider))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    static InferredSchema read(InputStream body, CsvDialect dialect, DataProvider provider) {
        SchemaInference inference = null;
        boolean cut;
        try (Reader reader = ImportRows.text(body, dialect.encoding());
             MappingIterator<List<String>> lines = CsvRows.lines(reader, dialect)) {
            if (!lines.hasNextValue()) {
                throw malformed("the body is empty; send a header row naming the columns, then sample rows");
            }
            inference = new SchemaInference(lines.nextValue(), dialect.nullSequence(), provider::recordProblems);
            while (inference.rows() < MAX_ROWS && lines.hasNextValue()) {
                inference.accept(lines.nextValue());
            }
            cut = inference.rows() == MAX_ROWS && lines.hasNextValue();
            if (cut) {
                // The rest is not parsed, only drained (bounded by the request limit), so the answer does not
                // race the client still sending, which could see its connection reset.
                body.transferTo(OutputStream.nullOutputStream());
            }
        } catch (CharacterCodingException e) {
            throw ImportRows.notDecodable(dialect.encoding().name(), "in " + at(inference));
        } catch (IOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw ImportRows.notDecodable(dialect.encoding().name(), "in " + at(inference));
            }
            throw malformed(at(inference) + " cannot be read: " + ImportRows.reason(e));
        }
        return answer(inference, cut, provider);
    }

    /** A JSON array or NDJSON sample: the records' members are the fields, in order of first appearance. */
    InferredSchema readJson(InputStream body, boolean ndjson, DataProvider provider) {
        SchemaInference inference = new SchemaInference(List.of(), null, provider::recordProblems);
        boolean cut;
        try (Reader reader = ImportRows.utf8(body); JsonRows rows = new JsonRows(reader, mapper, ndjson)) {
            ImportRows.Row row;
            while (inference.rows() < MAX_ROWS && (row = rows.nextRow(inference.rows() + 1)) != null) {
                if (row.problem() != null) {
                    String field = row.problem().field();
                    throw malformed("row " + row.number() + (field.isEmpty() ? "" : ", " + field) + ": "
                            + row.problem().message());
                }
                inference.accept(row.record());
            }
            cut = inference.rows() == MAX_ROWS && rows.nextRow(MAX_ROWS + 1) != null;
            if (cut) {
                body.transferTo(OutputStream.nullOutputStream());
            }
        } catch (DatablyException e) {
            if (e.code() == ErrorCode.MALFORMED_BODY && e.getMessage().startsWith("The import")) {
                throw malformed(e.errors().get(0).message()); // JsonRows speaks of an import
            }
            throw e;
        } catch (CharacterCodingException e) {
            throw malformed("the body is not UTF-8 text (in row " + (inference.rows() + 1) + ")");
        } catch (IOException e) {
            if (e.getCause() instanceof CharacterCodingException) {
                throw malformed("the body is not UTF-8 text (in row " + (inference.rows() + 1) + ")");
            }
            throw malformed("row " + (inference.rows() + 1) + " cannot be read: " + ImportRows.reason(e));
        }
        return answer(inference, cut, provider);
    }

    private static InferredSchema answer(SchemaInference inference, boolean cut, DataProvider provider) {
        ObjectNode schema = inference.proposal();
        provider.requireStorable(SchemaDescriptorParser.parse(schema).schema());
        List<String> notes = new ArrayList<>();
        if (cut) {
            notes.add("the sample was cut at " + MAX_ROWS + " rows; the rest of the body was not parsed: types, "
                    + "required and the key hold for those rows only");
        }
        if (inference.rows() == 0) {
            notes.add("the sample has no rows: every field is proposed as string");
        }
        if (schema.has("primaryKey")) {
            notes.add("primaryKey " + schema.get("primaryKey").get(0).textValue() + ": present and unique in the "
                    + "sample; check it holds for all the data");
        }
        return new InferredSchema(schema, inference.rows(), notes);
    }

    /** What was being read when reading failed. */
    private static String at(SchemaInference inference) {
        return inference == null ? "the header row" : "row " + (inference.rows() + 1);
    }

    private static DatablyException malformed(String message) {
        return new DatablyException(ErrorCode.MALFORMED_BODY, "The sample cannot be read on: " + message,
                List.of(new ProblemItem("body", "malformed", message)));
    }
}
