package io.datably.api.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datably.api.PageLinks;
import io.datably.query.model.AggregateQuery;
import io.datably.query.model.RecordQuery;
import io.datably.query.parse.JsonAggregateParser;
import io.datably.query.parse.JsonQueryParser;
import io.datably.query.parse.NativeAggregateParser;
import io.datably.query.parse.NativeQueryParser;
import io.datably.service.dataops.SoftDeletes;
import io.datably.service.dataops.Upserts;
import io.datably.service.records.RecordList;
import io.datably.service.records.RecordService;
import io.datably.service.transfer.ExportFormat;
import io.datably.service.transfer.RecordExport;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

/**
 * The native records API of one datatable. Record JSON is written as PostgreSQL (or the provider) rendered it:
 * the resource only wraps it, it never parses and re-serialises records.
 */
@Path("/api/apps/{app}/datasources/{ds}/datatables/{table}/records")
@Tag(name = "Records")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class RecordResource {
    /** The filter grammar of lists, aggregates and bulk changes: OpenAPI cannot declare parameters by pattern. */
    static final String FILTER_GRAMMAR = "Filters are query parameters: field=value (equal), field__op=value, "
            + "relation__field__op=value (through a foreign key), and groups or=(item,...), and=(item,...), "
            + "not=(item,...), nested to any depth, items key=value or groups. Operators: eq (default), ne, gt, gte, "
            + "lt, lte, in and nin (a list: id__in=(1,2)), range (two values: created__range=2024-01-01,2024-01-31), "
            + "isnull (true or false), exact, iexact, contains, icontains, startswith, istartswith, endswith, "
            + "iendswith, like, ilike, regex, iregex (text), year, month, day, date (dates and datetimes), has, hasany, "
            + "hasall (arrays), haskey (objects). Values are cast to the field's type; quote values that contain "
            + "\",()=\" (name=\"a,b\"). Examples: price__gte=10, name__icontains=lamp, "
            + "or=(age__lt=18,age__gt=65)&not=(status=archived). An unknown field or operator is a 400 naming it.";
    private static final String EXAMPLE_FILTER = "An example of a filter: ";
    private final RecordService records;
    private final SoftDeletes deletes;
    private final ObjectMapper mapper;
    private final Upserts upserts;
    private final RecordExport exports;

    public RecordResource(RecordService records, SoftDeletes deletes, ObjectMapper mapper, Upserts upserts,
                          RecordExport exports) {
        this.records = records;
        this.deletes = deletes;
        this.mapper = mapper;
        this.upserts = upserts;
        this.exports = exports;
    }

    @GET
    @Parameter(name = "page", in = ParameterIn.QUERY)
    @Parameter(name = "page_size", in = ParameterIn.QUERY)
    @Parameter(name = "cursor", in = ParameterIn.QUERY)
    @Parameter(name = "count", in = ParameterIn.QUERY)
    @Parameter(name = "ordering", in = ParameterIn.QUERY)
    @Parameter(name = "fields", in = ParameterIn.QUERY)
    @Parameter(name = "expand", in = ParameterIn.QUERY)
    @Parameter(name = "search", in = ParameterIn.QUERY)
    @Parameter(name = "deleted", in = ParameterIn.QUERY)
    @Parameter(name = "price__gte", in = ParameterIn.QUERY, example = "10", description = EXAMPLE_FILTER
            + "a number at least 10 (any field, any operator: field__op=value)")
    @Parameter(name = "name__icontains", in = ParameterIn.QUERY, example = "lamp", description = EXAMPLE_FILTER
            + "text containing 'lamp', ignoring case")
    @Parameter(name = "or", in = ParameterIn.QUERY, example = "(age__lt=18,age__gt=65)", description = "A group: "
            + "any of its items (and=(...) all of them, not=(...) none)")
    @APIResponse(responseCode = "200", description = "A page of records (as JSON); CSV and NDJSON export every "
            + "record selected", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "RecordPage")))
    @APIResponse(responseCode = "400", description = "A bad filter, parameter or value, named (DS101)")
    @APIResponse(responseCode = "404", description = "No such app, datasource or datatable, or a page past the last "
            + "(DS104)")
    @Operation(operationId = "listRecords", description = FILTER_GRAMMAR, summary = "List records: filters (field=value, field__op=value, relation__field__op=value, or=(...), "
            + "and=(...), not=(...)), search, ordering, fields, expand=relation,relation:limit,relation.nested, "
            + "page/page_size or cursor (cursor= to start), count=exact|planned|none; on a table with soft delete, "
            + "deleted=include|only also lists deleted records (policies' read_deleted)")
    public Uni<Response> list(@PathParam("app") String app, @PathParam("ds") String ds,
                              @PathParam("table") String table, @Context UriInfo uri) {
        RecordQuery query = NativeQueryParser.parse(DeletedParameters.others(uri.getQueryParameters()));
        boolean keyset = keyset(query);
        return records.query(app, ds, table, query, DeletedParameters.visibility(uri.getQueryParameters())).map(result -> envelope(result, keyset,
                quoted(nextLink(uri, result, keyset)),
                quoted(keyset ? null : PageLinks.previous(uri, result.paging()))));
    }

    @GET
    @Produces("text/csv;qs=0.5")
    @Operation(summary = "Export as CSV: every record the list's filters, search, ordering and fields select (no "
            + "page limit), streamed: a header row, then one line per record (RFC 4180; values as the JSON answer "
            + "writes them, arrays and objects as JSON text, null as an empty cell); page, page_size, offset, limit, "
            + "cursor and expand do not apply (400)")
    @APIResponse(responseCode = "200", description = "The records, streamed", content = @Content(mediaType = "text/csv",
            schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "A parameter the list would refuse, or a window parameter")
    @APIResponse(responseCode = "404", description = "No such app, datasource or datatable")
    public RestMulti<Buffer> exportCsv(@PathParam("app") String app, @PathParam("ds") String ds,
                                       @PathParam("table") String table, @Context UriInfo uri) {
        return export(app, ds, table, uri, ExportFormat.CSV);
    }

    @GET
    @Produces("application/x-ndjson;qs=0.5")
    @Operation(summary = "Export as NDJSON: every record the list selects (its filters, search, ordering, fields, "
            + "expand; no page limit), streamed one JSON record per line; page, page_size, offset, limit and cursor "
            + "do not apply (400)")
    @APIResponse(responseCode = "200", description = "The records, streamed",
            content = @Content(mediaType = "application/x-ndjson", schema = @Schema(type = SchemaType.STRING)))
    @APIResponse(responseCode = "400", description = "A parameter the list would refuse, or a window parameter")
    @APIResponse(responseCode = "404", description = "No such app, datasource or datatable")
    public RestMulti<Buffer> exportNdjson(@PathParam("app") String app, @PathParam("ds") String ds,
                                          @PathParam("table") String table, @Context UriInfo uri) {
        return export(app, ds, table, uri, ExportFormat.NDJSON);
    }

    /**
     * The export is planned (and refused with the list's 4xx) before its first byte is written. Quarkus REST ends
     * every item of an {@code application/x-ndjson} stream with a line break itself, so an NDJSON chunk (whole lines)
     * leaves without its last one.
     */
    private RestMulti<Buffer> export(String app, String ds, String table, UriInfo uri, ExportFormat format) {
        return RestMulti.fromUniResponse(Uni.createFrom().deferred(() -> exports.export(app, ds, table,
                NativeQueryParser.parse(DeletedParameters.others(uri.getQueryParameters())), format,
                DeletedParameters.visibility(uri.getQueryParameters()))), chunks -> chunks
                .map(chunk -> format == ExportFormat.NDJSON ? chunk.substring(0, chunk.length() - 1) : chunk)
                .map(Buffer::buffer));
    }

    /** The request with the next cursor, or with the next page number; null on the last page. */
    private static String nextLink(UriInfo uri, RecordList result, boolean keyset) {
        if (!keyset) {
            return PageLinks.next(uri, result.paging(), result.more());
        }
        return result.nextCursor() == null ? null
                : PageLinks.withParam(uri, "cursor", result.nextCursor());
    }

    @GET
    @Path("/aggregate")
    @Parameter(name = "group_by", in = ParameterIn.QUERY)
    @Parameter(name = "aggregates", in = ParameterIn.QUERY)
    @Parameter(name = "having", in = ParameterIn.QUERY)
    @Parameter(name = "ordering", in = ParameterIn.QUERY, description = "Group keys or aggregate outputs separated "
            + "by ',', '-' for descending", example = "-sum_price")
    @Parameter(name = "limit", in = ParameterIn.QUERY, description = "At most this many groups (1000 at most)")
    @Operation(operationId = "aggregateRecords", description = FILTER_GRAMMAR, summary = "Grouped aggregates: group_by=field,field:month, aggregates=count(*),sum(price), "
            + "having=sum_price__gt=100, ordering=-sum_price, limit (max 1000), plus the list's filters (applied first). "
            + "Bucketed keys (hour, day, week, month, quarter, year; UTC, ISO weeks) output as <field>_<bucket> with the "
            + "bucket start as a datetime YYYY-MM-DDTHH:00:00Z, for date fields too")
    @APIResponse(responseCode = "200", description = "One result per group",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AggregateResults")))
    public Uni<Response> aggregate(@PathParam("app") String app, @PathParam("ds") String ds,
                                   @PathParam("table") String table, @Context UriInfo uri) {
        AggregateQuery query = NativeAggregateParser.parse(uri.getQueryParameters());
        return records.aggregate(app, ds, table, query).map(RecordResource::results);
    }

    @POST
    @Path("/aggregate")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "AggregateQuery")))
    @Operation(operationId = "aggregateRecordsByQuery", summary = "The same aggregates as a JSON body: {where, group_by, aggregates, having, order_by, limit}")
    @APIResponse(responseCode = "200", description = "One result per group",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "AggregateResults")))
    public Uni<Response> aggregate(@PathParam("app") String app, @PathParam("ds") String ds,
                                   @PathParam("table") String table, JsonNode body) {
        AggregateQuery query = JsonAggregateParser.parse(body);
        return records.aggregate(app, ds, table, query).map(RecordResource::results);
    }

    /** The rows are JSON text rendered by the store; wrapped, not re-parsed. */
    private static Response results(String rows) {
        return Response.ok("{\"results\":" + rows + "}", MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("/query")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "RecordQuery")))
    @Operation(operationId = "queryRecords", summary = "The same list as a JSON body: {where, search, order_by, limit, offset, cursor, fields, expand, "
            + "count}; next and previous are the request bodies of the neighbouring pages (POST them as they are); "
            + "with a cursor (\"\" to start) the response also carries next_cursor")
    @APIResponse(responseCode = "200", description = "A page of records",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RecordQueryPage")))
    public Uni<Response> query(@PathParam("app") String app, @PathParam("ds") String ds,
                               @PathParam("table") String table, JsonNode body, @Context UriInfo uri) {
        RecordQuery query = JsonQueryParser.parse(body);
        boolean keyset = keyset(query);
        return records.query(app, ds, table, query).map(result -> envelope(result, keyset,
                quoted(QueryPages.next(body, result, keyset)), quoted(QueryPages.previous(body, result, keyset))));
    }

    @POST
    @Parameter(name = "on_conflict", in = ParameterIn.QUERY)
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "RecordOrRecords")))
    @Operation(operationId = "createRecords", summary = "Create one record (object) or many (array, all or nothing). With on_conflict (the primary "
            + "key when empty, or a unique field or key: fields separated by ','), an upsert: each record is created, "
            + "or replaces the values of the stored record with the same on_conflict values (its key stays), in one "
            + "statement; the answer is {\"created\": n, \"updated\": n, \"results\": [{\"action\": "
            + "\"created\"|\"updated\", \"record\": {...}}, ...]} in request order, 201 when any was created, else 200")
    @APIResponse(responseCode = "400", description = "DS101: on_conflict names no primary key, unique field or unique "
            + "key; DS103: a record the schema refuses (named [i].field)")
    @APIResponse(responseCode = "409", description = "DS110: a duplicate of another unique field; DS111: a broken "
            + "reference")
    @APIResponse(responseCode = "201", description = "The record created (an object was sent) or the records (an "
            + "array was sent); with on_conflict, when any was created, an UpsertResult",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CreatedRecords")))
    @APIResponse(responseCode = "200", description = "With on_conflict, when none was created (every record replaced "
            + "the values of a stored one): an UpsertResult",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "CreatedRecords")))
    public Uni<Response> create(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table, @Context UriInfo uri, JsonNode body) {
        // Read from the query itself: "on_conflict=" (the primary key) must count as given.
        java.util.List<String> onConflict = uri.getQueryParameters().get(Upserts.ON_CONFLICT);
        if (onConflict != null) {
            return upserts.upsert(app, ds, table, onConflict, body).map(UpsertAnswer::of);
        }
        return records.create(app, ds, table, body).map(stored -> json(body != null && body.isArray()
                ? "[" + String.join(",", stored) + "]" : stored.get(0), 201));
    }

    @GET
    @Path("/{pk}")
    @Parameter(name = "fields", in = ParameterIn.QUERY)
    @Parameter(name = "expand", in = ParameterIn.QUERY)
    @Parameter(name = "deleted", in = ParameterIn.QUERY)
    @Operation(operationId = "getRecord", summary = "Read a record by primary key (composite keys: values separated by ','); fields and "
            + "expand as on the list, deleted=include|only to read a soft-deleted record; any other parameter is a 400")
    @APIResponse(responseCode = "200", description = "The record",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DataRecord")))
    public Uni<Response> get(@PathParam("app") String app, @PathParam("ds") String ds,
                             @PathParam("table") String table, @PathParam("pk") String pk, @Context UriInfo uri) {
        RecordQuery read = NativeQueryParser.parseRead(DeletedParameters.others(uri.getQueryParameters()));
        return records.get(app, ds, table, pk, read, DeletedParameters.visibility(uri.getQueryParameters()))
                .map(r -> json(r, 200));
    }

    @PUT
    @Path("/{pk}")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "DataRecord")))
    @Operation(operationId = "replaceRecord", summary = "Replace a record")
    @APIResponse(responseCode = "200", description = "The record as stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DataRecord")))
    public Uni<Response> replace(@PathParam("app") String app, @PathParam("ds") String ds,
                                 @PathParam("table") String table, @PathParam("pk") String pk, JsonNode body) {
        return records.replace(app, ds, table, pk, body).map(r -> json(r, 200));
    }

    @PATCH
    @Path("/{pk}")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "DataRecord")))
    @Operation(operationId = "updateRecord", summary = "Change some fields of a record")
    @APIResponse(responseCode = "200", description = "The record as stored",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "DataRecord")))
    public Uni<Response> patch(@PathParam("app") String app, @PathParam("ds") String ds,
                               @PathParam("table") String table, @PathParam("pk") String pk, JsonNode body) {
        return records.update(app, ds, table, pk, body).map(r -> json(r, 200));
    }

    @DELETE
    @Path("/{pk}")
    @Operation(operationId = "deleteRecord", summary = "Delete a record; on a table with soft delete the record is marked deleted (restore it with "
            + "POST .../restore/) unless purge=true, which deletes it for good, marked or not")
    @APIResponse(responseCode = "204", description = "Deleted (or marked deleted)")
    @APIResponse(responseCode = "400", description = "A key that does not fit the primaryKey, or purge not true or "
            + "false (DS101)")
    @APIResponse(responseCode = "403", description = "The policies do not allow deleting this record (DS302)")
    @APIResponse(responseCode = "404", description = "No such record (a soft-deleted one is only found by a purge) "
            + "(DS104)")
    public Uni<Response> delete(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table, @PathParam("pk") String pk,
                                @QueryParam("purge") String purge) {
        return deletes.delete(app, ds, table, pk, DeletedParameters.purge(purge))
                .map(ignored -> Response.noContent().build());
    }

    /**
     * The DRF envelope around the JSON the provider rendered, with the neighbouring pages as JSON ({@code next} and
     * {@code previous}: links for a GET, request bodies for a JSON query); keyset pages add {@code next_cursor}.
     */
    private Response envelope(RecordList result, boolean keyset, String next, String previous) {
        long count = result.page().count();
        return json("{\"count\":" + (count >= 0 ? Long.toString(count) : "null") + ",\"next\":" + next
                + ",\"previous\":" + previous + (keyset ? ",\"next_cursor\":" + quoted(result.nextCursor()) : "")
                + ",\"results\":" + result.page().resultsJson() + "}", 200);
    }

    private static boolean keyset(RecordQuery query) {
        return query.pagination() != null && query.pagination().cursor() != null;
    }

    /** A string, a JSON body or null, as JSON text. */
    private String quoted(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Response json(String body, int status) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
