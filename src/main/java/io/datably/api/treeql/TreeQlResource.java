package io.datably.api.treeql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.api.http.StrictText;
import io.datably.error.DatablyException;
import io.datably.error.Outages;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.query.parse.TreeQlParser;
import io.datably.service.treeql.TreeQlError;
import io.datably.service.treeql.TreeQlItemsFailed;
import io.datably.service.treeql.TreeQlJson;
import io.datably.service.treeql.TreeQlService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.Explode;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The TreeQL (PHP-CRUD-API) records API of a datasource: its paths, answers and {@code {"code","message"}} errors
 * (TREEQL.md). Multi-record writes are checked item by item before anything is written, and undone when the store
 * refuses one midway (424 with a result per item).
 */
@Path("/api/apps/{app}/datasources/{ds}/records")
@Tag(name = "TreeQL")
@Consumes({"application/json", "*/*"})
public class TreeQlResource {
    static final String JSON = "application/json; charset=utf-8";
    private final TreeQlService treeql;

    public TreeQlResource(TreeQlService treeql) {
        this.treeql = treeql;
    }

    @GET
    @Path("/{table}")
    @Parameter(name = "filter", in = ParameterIn.QUERY, description = "column,match,value (match: cs, sw, ew, eq, "
            + "lt, le, ge, gt, bt, in, is, prefixed n to negate); repeat it for AND, number it (filter1, filter2) "
            + "for OR", schema = @Schema(type = SchemaType.ARRAY, implementation = String.class),
            example = "name,cs,lamp", explode = Explode.TRUE)
    @Parameter(name = "include", in = ParameterIn.QUERY, description = "Columns to answer, separated by ','")
    @Parameter(name = "exclude", in = ParameterIn.QUERY, description = "Columns to leave out, separated by ','")
    @Parameter(name = "order", in = ParameterIn.QUERY, description = "column[,desc]; repeat it for more",
            schema = @Schema(type = SchemaType.ARRAY, implementation = String.class), explode = Explode.TRUE)
    @Parameter(name = "size", in = ParameterIn.QUERY, description = "At most this many records",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
    @Parameter(name = "page", in = ParameterIn.QUERY, description = "number[,size]: a page (size 20 by default); "
            + "the answer then has results, the total", example = "2,50")
    @Parameter(name = "join", in = ParameterIn.QUERY, description = "Related tables to embed (table[,table...]); "
            + "repeat it for more", schema = @Schema(type = SchemaType.ARRAY, implementation = String.class),
            explode = Explode.TRUE)
    @Operation(operationId = "treeqlListRecords", summary = "TreeQL list: filter, include, exclude, order, size, page")
    @APIResponse(responseCode = "200", description = "The records",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlList")))
    public Uni<Response> list(@PathParam("app") String app, @PathParam("ds") String ds,
                              @PathParam("table") String table, @Context UriInfo uri) {
        return answer(treeql.list(app, ds, table, TreeQlParser.parse(uri.getQueryParameters()))
                .map(body -> (JsonNode) TreeQlJson.parse(body)), table, null);
    }

    @GET
    @Path("/{table}/{ids}")
    @Operation(operationId = "treeqlReadRecords", summary = "TreeQL read: one record, or several as an array (ids separated by commas)")
    @APIResponse(responseCode = "200", description = "The record, or the records",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlRecordOrRecords")))
    public Uni<Response> read(@PathParam("app") String app, @PathParam("ds") String ds,
                              @PathParam("table") String table, @PathParam("ids") String ids, @Context UriInfo uri) {
        var request = TreeQlParser.parse(uri.getQueryParameters());
        List<String> keys = List.of(ids.split(",", -1));
        if (keys.size() == 1) {
            return answer(treeql.read(app, ds, table, ids, request), table, ids);
        }
        return answer(treeql.readAll(app, ds, table, keys, request), table, ids);
    }

    @POST
    @Path("/{table}")
    @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RecordOrRecords")),
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "TreeQlForm"))})
    @Operation(operationId = "treeqlCreateRecords", summary = "TreeQL create: an object (answers its key) or an array (answers the keys)")
    @APIResponse(responseCode = "200", description = "The key, or the keys",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlKeys")))
    public Uni<Response> create(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table, String body, @Context UriInfo uri) {
        var request = TreeQlParser.parse(uri.getQueryParameters());
        JsonNode input = parse(body);
        if (input == null) {
            return Uni.createFrom().item(error(422, 1008, "Cannot read HTTP message"));
        }
        if (input.isArray()) {
            List<ObjectNode> items = new ArrayList<>();
            input.forEach(i -> items.add(i.isObject() ? (ObjectNode) i : JsonNodeFactory.instance.objectNode()));
            return answer(treeql.createAll(app, ds, table, items, request), table, null, "create");
        }
        return answer(treeql.create(app, ds, table, input.isObject() ? (ObjectNode) input
                : JsonNodeFactory.instance.objectNode(), request), table, null, "create");
    }

    @PUT
    @Path("/{table}/{ids}")
    @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RecordOrRecords")),
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "TreeQlForm"))})
    @Operation(operationId = "treeqlUpdateRecords", summary = "TreeQL update: answers the rows matched")
    @APIResponse(responseCode = "200", description = "The rows changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlCounts")))
    public Uni<Response> update(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table, @PathParam("ids") String ids, String body,
                                @Context UriInfo uri) {
        var request = TreeQlParser.parse(uri.getQueryParameters());
        JsonNode input = parse(body);
        if (input == null) {
            return Uni.createFrom().item(error(422, 1008, "Cannot read HTTP message"));
        }
        List<String> keys = List.of(ids.split(",", -1));
        if (keys.size() == 1 && input.isObject()) {
            return answer(treeql.update(app, ds, table, ids, (ObjectNode) input, request), table, ids, "update");
        }
        if (!input.isArray() || input.size() != keys.size()) {
            return Uni.createFrom().item(error(422, 1002, "Argument count mismatch in '" + ids + "'"));
        }
        List<ObjectNode> items = new ArrayList<>();
        input.forEach(i -> items.add(i.isObject() ? (ObjectNode) i : JsonNodeFactory.instance.objectNode()));
        return answer(treeql.updateAll(app, ds, table, keys, items, request), table, ids, "update");
    }

    @PATCH
    @Path("/{table}/{ids}")
    @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "RecordOrRecords")),
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "TreeQlForm"))})
    @Operation(operationId = "treeqlIncrementRecords", summary = "TreeQL increment: adds the body's numbers to the record's numeric fields; answers 1")
    @APIResponse(responseCode = "200", description = "The rows changed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlCounts")))
    public Uni<Response> increment(@PathParam("app") String app, @PathParam("ds") String ds,
                                   @PathParam("table") String table, @PathParam("ids") String ids, String body) {
        JsonNode input = parse(body);
        if (input == null) {
            return Uni.createFrom().item(error(422, 1008, "Cannot read HTTP message"));
        }
        List<String> keys = List.of(ids.split(",", -1));
        if (keys.size() == 1 && input.isObject()) {
            return answer(treeql.increment(app, ds, table, ids, (ObjectNode) input), table, ids, "increment");
        }
        if (!input.isArray() || input.size() != keys.size()) {
            return Uni.createFrom().item(error(422, 1002, "Argument count mismatch in '" + ids + "'"));
        }
        List<ObjectNode> items = new ArrayList<>();
        input.forEach(i -> items.add(i.isObject() ? (ObjectNode) i : JsonNodeFactory.instance.objectNode()));
        return answer(treeql.incrementAll(app, ds, table, keys, items), table, ids, "increment");
    }

    @DELETE
    @Path("/{table}/{ids}")
    @Operation(operationId = "treeqlDeleteRecords", summary = "TreeQL delete: answers the rows deleted")
    @APIResponse(responseCode = "200", description = "The rows deleted",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlCounts")))
    public Uni<Response> delete(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table, @PathParam("ids") String ids) {
        List<String> keys = List.of(ids.split(",", -1));
        if (keys.size() == 1) {
            return answer(treeql.delete(app, ds, table, ids), table, ids, "delete");
        }
        return answer(treeql.deleteAll(app, ds, table, keys), table, ids, "delete");
    }

    /**
     * A body is read by its content, as TreeQL does (some clients send no Content-Type): JSON when it starts like
     * JSON, else form-urlencoded {@code a=1&b=2}; null when it cannot be read.
     */
    private static JsonNode parse(String body) {
        String text = body == null ? "" : body.strip();
        if (text.isEmpty()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            try {
                return TreeQlJson.parse(text);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        ObjectNode form = JsonNodeFactory.instance.objectNode();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq), "body");
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1), name);
            if (name.isEmpty()) {
                return null;
            }
            // Forms cannot send null: PHP-CRUD-API reads "field__is_null" as field = null.
            if (name.endsWith("__is_null")) {
                form.putNull(name.substring(0, name.length() - "__is_null".length()));
            } else {
                form.put(name, value);
            }
        }
        return form;
    }

    /** As PHP decodes forms (a stray '%' is kept as written), but escaped bytes must be UTF-8: 400 naming the field. */
    private static String decode(String text, String field) {
        try {
            return StrictText.formDecoded(text);
        } catch (StrictText.Malformed e) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "Form field '" + field + "' " + e.getMessage(),
                    List.of(new ProblemItem(field, "encoding", e.getMessage())));
        }
    }

    /** The value as TreeQL's JSON answer, or the failure as its {@code {"code","message"}} error. */
    private static Uni<Response> answer(Uni<JsonNode> work, String table, String id) {
        return answer(work, table, id, "read");
    }

    private static Uni<Response> answer(Uni<JsonNode> work, String table, String id, String operation) {
        return work.map(value -> Response.ok(value.toString(), JSON).build())
                .onFailure(TreeQlItemsFailed.class).recoverWithItem(failure -> Response.status(424)
                        .entity(((TreeQlItemsFailed) failure).results().toString()).type(JSON).build())
                // A store that is out (unreachable, restarting): TreeQL's 503, as for the native API (Outages).
                .onFailure().transform(Outages::translate)
                .onFailure(DatablyException.class).recoverWithItem(failure -> treeQlError((DatablyException) failure,
                        table, id, operation));
    }

    static Response treeQlError(DatablyException e, String table, String id, String operation) {
        TreeQlError error = TreeQlError.of(e, table, id, operation);
        Response.ResponseBuilder answer = Response.status(error.status()).entity(error.json().toString()).type(JSON);
        // A 503 (a dependency out, a busy pool) says when to send the request again, as in the native API.
        if (e.retryAfter() != null) {
            answer.header("Retry-After", e.retryAfter());
        }
        return answer.build();
    }

    /** TreeQL's {@code {"code","message"}} error answer. */
    public static Response error(int status, int code, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        return Response.status(status).entity(body.toString()).type(JSON).build();
    }
}
