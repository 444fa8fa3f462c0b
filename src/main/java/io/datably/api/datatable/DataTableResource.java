package io.datably.api.datatable;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.api.Created;
import io.datably.api.Paged;
import io.datably.authz.Authorize;
import io.datably.authz.Kind;
import io.datably.config.DatablyConfig;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.service.Flags;
import io.datably.service.Paging;
import io.datably.service.catalog.DataTableInput;
import io.datably.service.catalog.DataTableService;
import io.datably.service.catalog.DataTableView;
import io.datably.service.evolution.MigrationOptions;
import io.datably.service.evolution.MigrationPreview;
import io.datably.service.evolution.SchemaOperationView;
import io.datably.service.transfer.CsvDialect;
import io.datably.service.transfer.InferredSchema;
import io.datably.service.transfer.RecordImport;
import io.datably.service.transfer.TableInference;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseStatus;

/** DataTables: tables defined by a Frictionless Table Schema. */
@Path("/api/apps/{app}/datasources/{ds}/datatables")
@Tag(name = "DataTables")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DataTableResource {
    private static final String CHANGED = "The changed datatable (kind datatable), or with dry_run=true what the "
            + "change would do (kind migration_preview)";
    private static final String REFUSED = "The new schema would break existing records (counts and example keys in "
            + "'breaking'), or the store refused the change; or the new name is taken";
    private static final String DRY_RUN = "report the changelog, SQL and breaking records; change nothing";
    private static final String DESTRUCTIVE = "clear values the new schema rejects and drop fields that hold data";
    private static final String CSV = "text/csv";
    private static final String NDJSON = "application/x-ndjson";
    private static final java.util.Set<String> INFER_PARAMETERS = java.util.Set.of("delimiter", "quote_char",
            "escape_char", "null_sequence", "header", "encoding");
    private final DataTableService tables;
    private final DatablyConfig config;
    private final TableInference inference;

    public DataTableResource(DataTableService tables, DatablyConfig config, TableInference inference) {
        this.tables = tables;
        this.config = config;
        this.inference = inference;
    }

    @Authorize(kind = Kind.DATATABLE, action = "create")
    @POST
    @Operation(operationId = "createDataTable", summary = "Create a datatable from a Frictionless Table Schema; materialized unless materialize=false")
    @APIResponse(responseCode = "201", description = "The datatable, created",
            headers = @Header(name = "Location", description = "The URL of the datatable created",
                    schema = @Schema(type = SchemaType.STRING, format = "uri")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DataTableView")))
    @APIResponse(responseCode = "409", description = "DS110: a datatable of the datasource has that name")
    public Uni<Response> create(@PathParam("app") String app, @PathParam("ds") String ds,
                                DataTableInput input, @Context UriInfo uri) {
        return tables.create(app, ds, input).map(view -> Created.at(uri, view.name(), view));
    }

    /** Authorized as a create: it proposes what the caller would create; it reads and stores no records. */
    @Authorize(kind = Kind.DATATABLE, action = "create")
    @POST
    @Path("/infer")
    @Blocking
    @Consumes({CSV, MediaType.APPLICATION_JSON, NDJSON})
    @Operation(operationId = "inferTableSchema", summary = "Propose a Table Schema from a CSV sample (header row, then rows; dialect as query "
            + "parameters, as imports take them): per column the narrowest type every non-empty value casts to "
            + "(integer, number, boolean, date, datetime, time, string with format uuid, email or uri, string), "
            + "required when no value is empty, a primary key candidate (present and unique, preferring 'id'). At "
            + "most " + TableInference.MAX_ROWS_TEXT + " rows are read; the answer's json_schema can create the "
            + "table. A JSON array of records or NDJSON (application/x-ndjson) is read too: the records' members "
            + "are the fields, and native arrays and objects make array and object fields")
    @RequestBody(content = {@Content(mediaType = CSV), @Content(mediaType = MediaType.APPLICATION_JSON),
            @Content(mediaType = NDJSON)})
    @Parameter(name = "delimiter", in = ParameterIn.QUERY, description = "the cell separator (default ,)")
    @Parameter(name = "quote_char", in = ParameterIn.QUERY, description = "the quote character (default \")")
    @Parameter(name = "escape_char", in = ParameterIn.QUERY, description = "an escape character (default none)")
    @Parameter(name = "null_sequence", in = ParameterIn.QUERY, description = "a cell meaning null")
    @Parameter(name = "header", in = ParameterIn.QUERY, description = "true (a header row is required)")
    @Parameter(name = "encoding", in = ParameterIn.QUERY, description = "utf-8 (the only one read)")
    @APIResponse(responseCode = "200", description = "The proposal: json_schema, rows_read and notes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = InferredSchema.class)))
    @APIResponse(responseCode = "400", description = "An empty or unreadable sample, a ragged row, not UTF-8 "
            + "(DS100), a bad parameter (DS101), an empty, duplicate or refused header name (DS102), or a schema "
            + "the datasource's provider cannot store (DS201)")
    @APIResponse(responseCode = "403", description = "The caller may not create datatables here")
    @APIResponse(responseCode = "404", description = "No such app or datasource")
    @APIResponse(responseCode = "415", description = "Another Content-Type than text/csv, application/json or "
            + "application/x-ndjson")
    public Uni<InferredSchema> infer(@PathParam("app") String app, @PathParam("ds") String ds,
                                     @Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        var query = uri.getQueryParameters();
        for (String name : query.keySet()) {
            if (!INFER_PARAMETERS.contains(name)) {
                throw DatablyException.invalidParameter(name, "is not an inference parameter; they are "
                        + "delimiter, quote_char, escape_char, null_sequence, header and encoding");
            }
        }
        CsvDialect dialect = CsvDialect.of(query::getFirst);
        String type = headers.getMediaType() == null ? "" : (headers.getMediaType().getType() + "/"
                + headers.getMediaType().getSubtype()).toLowerCase(java.util.Locale.ROOT);
        RecordImport.Format format = switch (type) {
            case CSV -> RecordImport.Format.CSV;
            case NDJSON -> RecordImport.Format.NDJSON;
            case MediaType.APPLICATION_JSON -> RecordImport.Format.JSON;
            default -> throw new DatablyException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "A sample is text/csv, "
                    + "application/json or application/x-ndjson");
        };
        if (format != RecordImport.Format.CSV && !query.isEmpty()) {
            throw DatablyException.invalidParameter(query.keySet().iterator().next(), "is a CSV dialect parameter; "
                    + "this body is " + type);
        }
        return inference.infer(app, ds, body, format, dialect);
    }

    @Authorize(kind = Kind.DATATABLE, action = "list")
    @GET
    @Operation(operationId = "listDataTables", summary = "List the datasource's datatables")
    public Uni<Paged<DataTableView>> list(@PathParam("app") String app, @PathParam("ds") String ds,
                                          @QueryParam("is_materialized") String materialized,
                                          @QueryParam("is_active") String active, @QueryParam("page") String page,
                                          @QueryParam("page_size") String pageSize, @Context UriInfo uri) {
        Paging paging = Paging.parse(page, pageSize, config.paging().defaultPageSize(), config.paging().maxPageSize());
        return tables.list(app, ds, Flags.parse("is_materialized", materialized), Flags.parse("is_active", active),
                paging).map(s -> Paged.of(s, paging, uri));
    }

    @Authorize(kind = Kind.DATATABLE, action = "read")
    @GET
    @Path("/{table}")
    @Operation(operationId = "getDataTable", summary = "Read a datatable")
    public Uni<DataTableView> get(@PathParam("app") String app, @PathParam("ds") String ds,
                                  @PathParam("table") String table) {
        return tables.get(app, ds, table);
    }

    @Authorize(kind = Kind.DATATABLE, action = "migrate")
    @PUT
    @Path("/{table}")
    @Operation(operationId = "replaceDataTable", summary = "Replace a datatable's description and schema; a new schema of a materialized table is a "
            + "migration (see PATCH). Another name renames the datatable, with its schema as stored (see PATCH)")
    @APIResponse(responseCode = "200", description = CHANGED, content = @Content(schema = @Schema(
            oneOf = {DataTableView.class, MigrationPreview.class})))
    @APIResponse(responseCode = "409", description = REFUSED)
    public Uni<Object> replace(@PathParam("app") String app, @PathParam("ds") String ds,
                               @PathParam("table") String table,
                               @Parameter(description = DRY_RUN) @QueryParam("dry_run") String dryRun,
                               @Parameter(description = DESTRUCTIVE) @QueryParam("allow_destructive")
                               String destructive,
                               DataTableInput input) {
        return tables.update(app, ds, table, input, false, options(dryRun, destructive)).map(DataTableResource::body);
    }

    @Authorize(kind = Kind.DATATABLE, action = "migrate")
    @PATCH
    @Path("/{table}")
    @Operation(operationId = "updateDataTable", summary = "Change a datatable's description, schema or is_active. A new schema of a materialized "
            + "table is a migration: diffed, checked against every stored record, applied by a generated Liquibase "
            + "changelog, recorded as a SchemaOperation. Rename a field with \"datably:renamedFrom\": \"old_name\" "
            + "on the new field; fill fields that become required with \"backfill\": {field: value}. Another "
            + "\"name\" renames the datatable logically: its physical table keeps its physical_table_name (nothing "
            + "physical moves; views and other database clients keep working), the other tables' foreign keys and "
            + "its own self-references follow, recorded as a 'rename' operation; 409 when a datatable of the "
            + "datasource (a deleted one too) has that name, 400 naming 'name' for an invalid name or a rename "
            + "sent with a schema change (send them one after the other).")
    @APIResponse(responseCode = "200", description = CHANGED, content = @Content(schema = @Schema(
            oneOf = {DataTableView.class, MigrationPreview.class})))
    @APIResponse(responseCode = "409", description = REFUSED)
    public Uni<Object> patch(@PathParam("app") String app, @PathParam("ds") String ds,
                             @PathParam("table") String table,
                             @Parameter(description = DRY_RUN) @QueryParam("dry_run") String dryRun,
                             @Parameter(description = DESTRUCTIVE) @QueryParam("allow_destructive") String destructive,
                             DataTableInput input) {
        return tables.update(app, ds, table, input, true, options(dryRun, destructive)).map(DataTableResource::body);
    }

    @Authorize(kind = Kind.DATATABLE, action = "read")
    @GET
    @Path("/{table}/operations")
    @Operation(operationId = "listSchemaOperations", summary = "The datatable's SchemaOperation history (create, materialize, update, rollback, index, "
            + "rename (with name_before, name_after), delete), oldest first")
    public Uni<Paged<SchemaOperationView>> operations(@PathParam("app") String app, @PathParam("ds") String ds,
                                                      @PathParam("table") String table,
                                                      @QueryParam("page") String page,
                                                      @QueryParam("page_size") String pageSize,
                                                      @Context UriInfo uri) {
        Paging paging = Paging.parse(page, pageSize, config.paging().defaultPageSize(), config.paging().maxPageSize());
        return tables.operations(app, ds, table, paging).map(s -> Paged.of(s, paging, uri));
    }

    @Authorize(kind = Kind.DATATABLE, action = "migrate")
    @POST
    @Path("/{table}/operations/{id}/rollback")
    @Operation(operationId = "rollbackSchemaOperation", summary = "Undo an applied schema change: migrate back to its schema_before (as a 'rollback' "
            + "operation). 409 when later changes exist, or when the change dropped or cleared values")
    @APIResponse(responseCode = "200", description = "The datatable with its earlier schema (kind datatable), or "
            + "with dry_run=true what the rollback would do (kind migration_preview)",
            content = @Content(schema = @Schema(oneOf = {DataTableView.class, MigrationPreview.class})))
    @APIResponse(responseCode = "409", description = "Later changes exist, or the change dropped or cleared values")
    public Uni<Object> rollback(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table, @PathParam("id") String id,
                                @QueryParam("dry_run") String dryRun,
                                @QueryParam("allow_destructive") String allowDestructive) {
        long operationId;
        try {
            operationId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw DatablyException.notFound("Schema operation", id);
        }
        return tables.rollback(app, ds, table, operationId, options(dryRun, allowDestructive))
                .map(DataTableResource::body);
    }

    private static MigrationOptions options(String dryRun, String allowDestructive) {
        return new MigrationOptions(Boolean.TRUE.equals(Flags.parse("dry_run", dryRun)),
                Boolean.TRUE.equals(Flags.parse("allow_destructive", allowDestructive)), Map.of());
    }

    private static Object body(DataTableService.Change change) {
        return change.preview() != null ? change.preview() : change.table();
    }

    @Authorize(kind = Kind.DATATABLE, action = "delete")
    @DELETE
    @Path("/{table}")
    @ResponseStatus(204)
    @Operation(operationId = "deleteDataTable", summary = "Soft-delete a datatable (its records are kept)")
    public Uni<Void> delete(@PathParam("app") String app, @PathParam("ds") String ds,
                            @PathParam("table") String table) {
        return tables.delete(app, ds, table);
    }

    @Authorize(kind = Kind.DATATABLE, action = "read")
    @GET
    @Path("/{table}/schema")
    @Operation(operationId = "getTableSchema", summary = "The datatable's Frictionless Table Schema alone")
    @APIResponse(responseCode = "200", description = "The Table Schema",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TableSchema")))
    public Uni<JsonNode> schema(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table) {
        return tables.schema(app, ds, table);
    }

    @Authorize(kind = Kind.DATATABLE, action = "migrate")
    @POST
    @Path("/{table}/materialize")
    @Operation(operationId = "materializeDataTable", summary = "Create the physical table of a datatable made with materialize=false (no-op when done)")
    @APIResponse(responseCode = "400", description = "DS200: a foreign key's target is not materialized yet "
            + "(errors[].field names the reference); materialize it first")
    @APIResponse(responseCode = "200", description = "The datatable, materialized",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DataTableView")))
    public Uni<DataTableView> materialize(@PathParam("app") String app, @PathParam("ds") String ds,
                                          @PathParam("table") String table) {
        return tables.materialize(app, ds, table);
    }
}
