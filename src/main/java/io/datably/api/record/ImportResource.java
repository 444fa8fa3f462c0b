package io.datably.api.record;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.service.transfer.CsvDialect;
import io.datably.service.transfer.ImportJob;
import io.datably.service.transfer.ImportMode;
import io.datably.service.transfer.ImportReport;
import io.datably.service.transfer.RecordImport;
import io.datably.service.transfer.SpooledBody;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * Imports into one datatable: the body is read as it arrives (a blocking stream, so this endpoint runs on a worker
 * thread), never held whole.
 */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/imports")
@Tag(name = "Imports")
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
    @Operation(operationId = "importRecords", summary = "Import records from the body: CSV with a header row (Content-Type text/csv; dialect as "
            + "query parameters), a JSON array of records, or NDJSON (application/x-ndjson). Every row is validated "
            + "and cast as a record create; mode=all_or_nothing (default: any rejected row and nothing is written) or "
            + "skip_invalid (the valid rows are written). The answer reports status, rows_read, rows_written, "
            + "rows_rejected and the first 100 row errors. With async=true or Prefer: respond-async a job runs it: "
            + "202 with the job and its Location (.../imports/{id}/)", description = "A multipart/form-data upload "
            + "is read too: the file in the part named file (its Content-Type, or its name's extension .csv, .json, "
            + ".ndjson or .jsonl, gives the format), the parameters as query parameters or as form fields. It is left "
            + "out of this description's bodies, as some generated clients cannot send it beside the others.")
    @RequestBody(content = {@Content(mediaType = CSV), @Content(mediaType = MediaType.APPLICATION_JSON),
            @Content(mediaType = NDJSON)})
    @Parameter(name = "mode", in = ParameterIn.QUERY, description = "all_or_nothing (default) or skip_invalid")
    @Parameter(name = "delimiter", in = ParameterIn.QUERY, description = "CSV: the cell separator (default ,)")
    @Parameter(name = "quote_char", in = ParameterIn.QUERY, description = "CSV: the quote character (default \")")
    @Parameter(name = "escape_char", in = ParameterIn.QUERY, description = "CSV: an escape character (default none)")
    @Parameter(name = "null_sequence", in = ParameterIn.QUERY, description = "CSV: a cell meaning null")
    @Parameter(name = "header", in = ParameterIn.QUERY, description = "CSV: true (a header row is required)")
    @Parameter(name = "encoding", in = ParameterIn.QUERY, description = "CSV: the text's encoding: utf-8 (default), "
            + "iso-8859-1 (latin1), windows-1252, utf-16, ...")
    @Parameter(name = "async", in = ParameterIn.QUERY, description = "true: run as a job (202 with its Location), "
            + "as Prefer: respond-async asks")
    @APIResponse(responseCode = "200", description = "The import ran to the end: its report (status succeeded, or "
            + "failed when all_or_nothing rejected rows and wrote nothing)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = {ImportReport.class, ImportJob.View.class})))
    @APIResponse(responseCode = "202", description = "A job runs the import: Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(oneOf = {ImportReport.class, ImportJob.View.class})))
    @APIResponse(responseCode = "400", description = "A body that cannot be read on (bad quoting, not UTF-8, broken "
            + "JSON: DS100), a header that does not fit the schema (DS103), or a bad parameter (DS101)")
    @APIResponse(responseCode = "403", description = "The caller may not create these records")
    @APIResponse(responseCode = "404", description = "No such app, datasource or datatable")
    @APIResponse(responseCode = "413", description = "The body is larger than datably.import.max-body-size")
    @APIResponse(responseCode = "415", description = "Another Content-Type")
    @APIResponse(responseCode = "503", description = "This instance keeps its most jobs, all running; or a dependency is out (DS503)")
    public Uni<Response> importRecords(
            @PathParam("app") String app, @PathParam("ds") String ds, @PathParam("table") String table,
            @Context UriInfo uri,
            @Context HttpHeaders headers, InputStream body) {
        var query = uri.getQueryParameters();
        Parameters parameters = Parameters.of(query::getFirst, query.keySet(), Map.of());
        String type = headers.getMediaType() == null ? "" : (headers.getMediaType().getType() + "/"
                + headers.getMediaType().getSubtype()).toLowerCase(Locale.ROOT);
        return start(app, ds, table, uri, headers, body, formatOf(type, "An import"), parameters, type);
    }

    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    // Left out of /q/openapi (importRecords' description names it): a multipart body beside the others makes
    // OpenAPI Generator's Java client import a form model it does not generate, so the client would not compile.
    @Operation(hidden = true, operationId = "importRecordsForm", summary = "Import records from a multipart/form-data upload: the file in the part named file (its "
            + "Content-Type, or its name's extension .csv, .json, .ndjson or .jsonl, gives the format), the "
            + "parameters (mode, async and the CSV dialect) as query parameters or as form fields")
    @APIResponse(responseCode = "200", description = "The import ran to the end: its report",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ImportReport.class)))
    @APIResponse(responseCode = "202", description = "A job runs the import (async=true or Prefer: "
            + "respond-async): Location names it",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ImportJob.View.class)))
    @APIResponse(responseCode = "400", description = "No file part, an unreadable body, a header that does not "
            + "fit, or a bad parameter")
    @APIResponse(responseCode = "403", description = "The caller may not create these records")
    @APIResponse(responseCode = "404", description = "No such app, datasource or datatable")
    @APIResponse(responseCode = "413", description = "The body is larger than datably.import.max-body-size")
    @APIResponse(responseCode = "415", description = "A file of another type")
    public Uni<Response> importForm(
            @PathParam("app") String app, @PathParam("ds") String ds, @PathParam("table") String table,
            @Context UriInfo uri, @Context HttpHeaders headers,
            @RestForm("file") FileUpload file, @RestForm String mode, @RestForm String async,
            @RestForm String delimiter, @RestForm("quote_char") String quoteChar,
            @RestForm("escape_char") String escapeChar, @RestForm("null_sequence") String nullSequence,
            @RestForm String header, @RestForm String encoding) {
        Map<String, String> form = new HashMap<>();
        form.put("mode", mode);
        form.put("async", async);
        form.put("delimiter", delimiter);
        form.put("quote_char", quoteChar);
        form.put("escape_char", escapeChar);
        form.put("null_sequence", nullSequence);
        form.put("header", header);
        form.put("encoding", encoding);
        form.values().removeIf(java.util.Objects::isNull);
        if (file == null || file.uploadedFile() == null) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "A multipart import carries the rows in a part "
                    + "named file", List.of(new ProblemItem("file", "required", "a file part named file")));
        }
        SpooledBody body = SpooledBody.adopt(file.uploadedFile());
        try {
            var query = uri.getQueryParameters();
            Parameters parameters = Parameters.of(query::getFirst, query.keySet(), form);
            String type = file.contentType() == null ? "" : file.contentType().split(";")[0].trim()
                    .toLowerCase(Locale.ROOT);
            String name = file.fileName() == null ? "" : file.fileName().toLowerCase(Locale.ROOT);
            if (!List.of(CSV, NDJSON, MediaType.APPLICATION_JSON).contains(type)) {
                type = name.endsWith(".csv") ? CSV : name.endsWith(".ndjson") || name.endsWith(".jsonl") ? NDJSON
                        : name.endsWith(".json") ? MediaType.APPLICATION_JSON : type;
            }
            return start(app, ds, table, uri, headers, body, formatOf(type, "The file part"), parameters, type);
        } catch (RuntimeException e) {
            closeQuietly(body);
            throw e;
        }
    }

    private Uni<Response> start(String app, String ds, String table, UriInfo uri, HttpHeaders headers,
                                InputStream body, RecordImport.Format format, Parameters parameters, String type) {
        ImportMode mode = ImportMode.of(parameters.get("mode"));
        CsvDialect dialect = CsvDialect.of(parameters::get);
        if (format != RecordImport.Format.CSV) {
            parameters.names().stream().filter(n -> !n.equals("mode") && !n.equals("async")).findFirst()
                    .ifPresent(n -> {
                        throw DatablyException.invalidParameter(n, "is a CSV dialect parameter; this body is "
                                + type);
                    });
        }
        boolean preferAsync = headers.getRequestHeader("Prefer").stream()
                .flatMap(h -> java.util.Arrays.stream(h.split(",")))
                .anyMatch(p -> p.trim().toLowerCase(Locale.ROOT).startsWith("respond-async"));
        if (!asked(parameters.get("async")) && !preferAsync) {
            return imports.load(app, ds, table, body, format, dialect, mode).map(report -> Response.ok(report)
                    .type(MediaType.APPLICATION_JSON).build());
        }
        return imports.submit(app, ds, table, body, format, dialect, mode).map(job -> {
            URI location = uri.getBaseUriBuilder().path(ImportResource.class).path(job.id() + "/")
                    .build(app, ds, table);
            Response.ResponseBuilder answer = Response.accepted(job.view()).type(MediaType.APPLICATION_JSON)
                    .location(location);
            return (preferAsync ? answer.header("Preference-Applied", "respond-async") : answer).build();
        });
    }

    /** {@code ?async=true|false}. */
    private static boolean asked(String async) {
        if (async == null || async.equals("false")) {
            return false;
        }
        if (async.equals("true")) {
            return true;
        }
        throw DatablyException.invalidParameter("async", "must be true (a job: 202 with its Location) or false");
    }

    private static RecordImport.Format formatOf(String type, String what) {
        return switch (type) {
            case CSV -> RecordImport.Format.CSV;
            case NDJSON -> RecordImport.Format.NDJSON;
            case MediaType.APPLICATION_JSON -> RecordImport.Format.JSON;
            default -> throw new DatablyException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, what + " is text/csv, "
                    + "application/json or application/x-ndjson");
        };
    }

    private static void closeQuietly(InputStream body) {
        try {
            body.close();
        } catch (java.io.IOException ignored) {
            // Closing deletes the stored upload; the request already failed.
        }
    }

    /** An import's parameters, from the query and (multipart) the form: each named once, every name known. */
    private record Parameters(Map<String, String> values) {
        static final Set<String> NAMES = Set.of("mode", "async", "delimiter", "quote_char", "escape_char",
                "null_sequence", "header", "encoding");

        static Parameters of(java.util.function.Function<String, String> query, Set<String> queryNames,
                             Map<String, String> form) {
            Map<String, String> values = new LinkedHashMap<>();
            for (String name : queryNames) {
                if (!NAMES.contains(name)) {
                    throw DatablyException.invalidParameter(name, "is not an import parameter; they are mode, "
                            + "async, delimiter, quote_char, escape_char, null_sequence, header and encoding");
                }
                values.put(name, query.apply(name));
            }
            for (Map.Entry<String, String> field : form.entrySet()) {
                if (values.containsKey(field.getKey())) {
                    throw DatablyException.invalidParameter(field.getKey(), "is given both as a query parameter "
                            + "and as a form field; give it once");
                }
                values.put(field.getKey(), field.getValue());
            }
            return new Parameters(values);
        }

        String get(String name) {
            return values.get(name);
        }

        Set<String> names() {
            return values.keySet();
        }
    }
}
