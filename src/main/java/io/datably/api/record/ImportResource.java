package io.datably.api.record;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.service.transfer.CsvDialect;
import io.datably.service.transfer.ImportMode;
import io.datably.service.transfer.ImportReport;
import io.datably.service.transfer.RecordImport;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Imports into one datatable: the body is read as it arrives (a blocking stream, so this endpoint runs on a worker
 * thread), never held whole.
 */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/imports")
@Tag(name = "Records")
public class ImportResource {
    private static final String CSV = "text/csv";
    private static final String NDJSON = "application/x-ndjson";

    private final RecordImport imports;

    public ImportResource(RecordImport imports) {
        this.imports = imports;
    }

    @POST
    @Blocking
    @Consumes({CSV, MediaType.APPLICATION_JSON, NDJSON})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import records from the body: CSV with a header row (Content-Type text/csv; dialect as "
            + "query parameters), a JSON array of records, or NDJSON (application/x-ndjson). Every row is validated "
            + "and cast as a record create; mode=all_or_nothing (default: any rejected row and nothing is written) or "
            + "skip_invalid (the valid rows are written). The answer reports status, rows_read, rows_written, "
            + "rows_rejected and the first 100 row errors")
    @RequestBody(content = {@Content(mediaType = CSV), @Content(mediaType = MediaType.APPLICATION_JSON),
            @Content(mediaType = NDJSON)})
    @Parameter(name = "mode", in = ParameterIn.QUERY, description = "all_or_nothing (default) or skip_invalid")
    @Parameter(name = "delimiter", in = ParameterIn.QUERY, description = "CSV: the cell separator (default ,)")
    @Parameter(name = "quote_char", in = ParameterIn.QUERY, description = "CSV: the quote character (default \")")
    @Parameter(name = "escape_char", in = ParameterIn.QUERY, description = "CSV: an escape character (default none)")
    @Parameter(name = "null_sequence", in = ParameterIn.QUERY, description = "CSV: a cell meaning null")
    @Parameter(name = "header", in = ParameterIn.QUERY, description = "CSV: true (a header row is required)")
    @Parameter(name = "encoding", in = ParameterIn.QUERY, description = "CSV: utf-8 (the only one read)")
    @APIResponse(responseCode = "200", description = "The import ran to the end: its report (status succeeded, or "
            + "failed when all_or_nothing rejected rows and wrote nothing)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ImportReport.class)))
    @APIResponse(responseCode = "400", description = "A body that cannot be read on (bad quoting, not UTF-8, broken "
            + "JSON: DS100), a header that does not fit the schema (DS103), or a bad parameter (DS101)")
    @APIResponse(responseCode = "403", description = "The caller may not create these records")
    @APIResponse(responseCode = "404", description = "No such app, datasource or datatable")
    @APIResponse(responseCode = "413", description = "The body is larger than the request limit")
    @APIResponse(responseCode = "415", description = "Another Content-Type")
    public Uni<ImportReport> importRecords(
            @PathParam("app") String app, @PathParam("ds") String ds, @PathParam("table") String table,
            @Context UriInfo uri,
            @Context HttpHeaders headers, InputStream body) {
        var query = uri.getQueryParameters();
        for (String name : query.keySet()) {
            if (!java.util.Set.of("mode", "delimiter", "quote_char", "escape_char", "null_sequence", "header",
                    "encoding").contains(name)) {
                throw DatablyException.invalidParameter(name, "is not an import parameter; they are mode, "
                        + "delimiter, quote_char, escape_char, null_sequence, header and encoding");
            }
        }
        ImportMode mode = ImportMode.of(query.getFirst("mode"));
        CsvDialect dialect = CsvDialect.of(query::getFirst);
        String type = headers.getMediaType() == null ? "" : (headers.getMediaType().getType() + "/"
                + headers.getMediaType().getSubtype()).toLowerCase(Locale.ROOT);
        RecordImport.Format format = switch (type) {
            case CSV -> RecordImport.Format.CSV;
            case NDJSON -> RecordImport.Format.NDJSON;
            case MediaType.APPLICATION_JSON -> RecordImport.Format.JSON;
            default -> throw new DatablyException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "An import is text/csv, "
                    + "application/json or application/x-ndjson");
        };
        if (format != RecordImport.Format.CSV && query.keySet().stream().anyMatch(n -> !n.equals("mode"))) {
            throw DatablyException.invalidParameter(query.keySet().stream().filter(n -> !n.equals("mode"))
                    .findFirst().orElseThrow(), "is a CSV dialect parameter; this body is " + type);
        }
        return imports.load(app, ds, table, body, format, dialect, mode);
    }
}
