package io.datably.api.treeql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.datably.authz.Authorize;
import io.datably.authz.Kind;
import io.datably.error.DatablyException;
import io.datably.error.Outages;
import io.datably.error.ErrorCode;
import io.datably.service.catalog.columns.ColumnsService;
import io.datably.service.treeql.TreeQlError;
import io.datably.service.treeql.TreeQlJson;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * PHP-CRUD-API's columns API on a datasource (the TreeQL prefix): the structure of its tables as PHP-CRUD-API
 * prints it, with TreeQL's {@code {"code","message"}} errors (1001 no such table, 1005 no such column). Reading
 * structure is authorized as reading datatables, renaming a table as updating one, column changes as migrating one.
 */
@Path("/api/apps/{app}/datasources/{ds}/columns")
@Tag(name = "TreeQL")
public class TreeQlColumnsResource {
    private final ColumnsService columns;

    public TreeQlColumnsResource(ColumnsService columns) {
        this.columns = columns;
    }

    @Authorize(kind = Kind.DATATABLE, action = "list")
    @GET
    @Operation(operationId = "treeqlListColumns", summary = "TreeQL columns: every table of the datasource with its columns (type, length, precision, "
            + "scale, nullable, pk, fk as PHP-CRUD-API prints them)")
    @APIResponse(responseCode = "200", description = "{\"tables\": [{\"name\", \"type\", \"columns\": [...]}]}",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlColumns")))
    public Uni<Response> database(@PathParam("app") String app, @PathParam("ds") String ds) {
        return answer(columns.database(app, ds), null, null);
    }

    @Authorize(kind = Kind.DATATABLE, action = "create")
    @POST
    @Consumes({"application/json", "*/*"})
    @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlColumns")),
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "TreeQlForm"))})
    @Operation(operationId = "treeqlCreateTable", summary = "TreeQL columns: create a table ({\"name\", \"columns\": [...]}) as a materialized "
            + "datatable; answers true")
    @APIResponse(responseCode = "200", description = "true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.BOOLEAN)))
    @APIResponse(responseCode = "409", description = "1009: a datatable of that name exists (also a deleted one)")
    @APIResponse(responseCode = "422", description = "1013: no name or columns, a type the API does not create, an "
            + "fk to no table; 1008: an unreadable body")
    public Uni<Response> createTable(@PathParam("app") String app, @PathParam("ds") String ds, String body) {
        JsonNode table = body(body);
        if (table == null) {
            return Uni.createFrom().item(TreeQlResource.error(422, 1008, "Cannot read HTTP message"));
        }
        String name = table.path("name").asText("");
        return answer(columns.createTable(app, ds, table).map(ok -> (JsonNode) BooleanNode.valueOf(ok)), name, null);
    }

    @Authorize(kind = Kind.DATATABLE, action = "delete")
    @DELETE
    @Path("/{table}")
    @Operation(operationId = "treeqlDropTable", summary = "TreeQL columns: delete a table, as the native API deletes a datatable (soft: its records "
            + "are kept); answers true")
    @APIResponse(responseCode = "200", description = "true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.BOOLEAN)))
    @APIResponse(responseCode = "404", description = "1001: no such table")
    public Uni<Response> dropTable(@PathParam("app") String app, @PathParam("ds") String ds,
                                   @PathParam("table") String table) {
        return answer(columns.dropTable(app, ds, table).map(ok -> (JsonNode) BooleanNode.valueOf(ok)), table, null);
    }

    @Authorize(kind = Kind.DATATABLE, action = "migrate")
    @PUT
    @Path("/{table}")
    @Consumes({"application/json", "*/*"})
    @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlColumns")),
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "TreeQlForm"))})
    @Operation(operationId = "treeqlUpdateTable", summary = "TreeQL columns: rename a table ({\"name\": \"new\"}; other keys are ignored, as "
            + "PHP-CRUD-API reads only name) as the native API renames a datatable: logically, its physical table "
            + "keeps its name, the other tables' foreign keys follow; answers true")
    @APIResponse(responseCode = "200", description = "true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.BOOLEAN)))
    @APIResponse(responseCode = "404", description = "1001: no such table")
    @APIResponse(responseCode = "409", description = "1009: a datatable of the new name exists (also a deleted one)")
    @APIResponse(responseCode = "422", description = "1013: no new name, or one a datatable cannot have; 1008: an "
            + "unreadable body")
    public Uni<Response> updateTable(@PathParam("app") String app, @PathParam("ds") String ds,
                                     @PathParam("table") String table, String body) {
        JsonNode change = body(body);
        if (change == null) {
            return Uni.createFrom().item(TreeQlResource.error(422, 1008, "Cannot read HTTP message"));
        }
        return answer(Uni.createFrom().deferred(() -> columns.renameTable(app, ds, table, change))
                .map(ok -> (JsonNode) BooleanNode.valueOf(ok)), table, null);
    }

    @Authorize(kind = Kind.DATATABLE, action = "read")
    @GET
    @Path("/{table}")
    @Operation(operationId = "treeqlGetTable", summary = "TreeQL columns: one table with its columns")
    @APIResponse(responseCode = "404", description = "1001: no such table")
    @APIResponse(responseCode = "200", description = "The table with its columns",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlColumns")))
    public Uni<Response> table(@PathParam("app") String app, @PathParam("ds") String ds,
                               @PathParam("table") String table) {
        return answer(columns.table(app, ds, table), table, null);
    }

    @Authorize(kind = Kind.DATATABLE, action = "read")
    @GET
    @Path("/{table}/{column}")
    @Operation(operationId = "treeqlGetColumn", summary = "TreeQL columns: one column of a table")
    @APIResponse(responseCode = "404", description = "1001: no such table; 1005: no such column")
    @APIResponse(responseCode = "200", description = "The column",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlColumns")))
    public Uni<Response> column(@PathParam("app") String app, @PathParam("ds") String ds,
                                @PathParam("table") String table, @PathParam("column") String column) {
        return answer(columns.column(app, ds, table, column), table, column);
    }

    @Authorize(kind = Kind.DATATABLE, action = "migrate")
    @PUT
    @Path("/{table}/{column}")
    @Consumes({"application/json", "*/*"})
    @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlColumns")),
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "TreeQlForm"))})
    @Operation(operationId = "treeqlUpdateColumn", summary = "TreeQL columns: change a column (name, type with length/precision/scale, nullable, pk, fk) "
            + "as a schema migration of the "
            + "datatable (recorded as a SchemaOperation, undone by its rollback); answers true")
    @APIResponse(responseCode = "200", description = "true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.BOOLEAN)))
    @APIResponse(responseCode = "404", description = "1001: no such table; 1005: no such column")
    @APIResponse(responseCode = "422", description = "1013: a type the columns API does not make, or a length, "
            + "precision or scale PostgreSQL cannot hold (the column named); an unreadable body (1008)")
    @APIResponse(responseCode = "409", description = "1010: the stored records or other tables' keys refuse it (a "
            + "value too long for a new length, not a number for a new numeric type, a null for NOT NULL)")
    public Uni<Response> updateColumn(@PathParam("app") String app, @PathParam("ds") String ds,
                                      @PathParam("table") String table, @PathParam("column") String column,
                                      String body) {
        JsonNode change = body(body);
        if (change == null) {
            return Uni.createFrom().item(TreeQlResource.error(422, 1008, "Cannot read HTTP message"));
        }
        return answer(columns.updateColumn(app, ds, table, column, change)
                .map(ok -> (JsonNode) BooleanNode.valueOf(ok)), table, column);
    }

    @Authorize(kind = Kind.DATATABLE, action = "migrate")
    @POST
    @Path("/{table}")
    @Consumes({"application/json", "*/*"})
    @RequestBody(content = {@Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "TreeQlColumns")),
            @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED, schema = @Schema(ref = "TreeQlForm"))})
    @Operation(operationId = "treeqlAddColumn", summary = "TreeQL columns: add a column (name, type with length, nullable, fk) as a schema migration "
            + "of the datatable; answers true")
    @APIResponse(responseCode = "200", description = "true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.BOOLEAN)))
    @APIResponse(responseCode = "422", description = "1013: no name, a name taken, a type the API does not create, "
            + "pk; 1008: an unreadable body")
    @APIResponse(responseCode = "409", description = "1010: a required column on a table that holds records")
    public Uni<Response> addColumn(@PathParam("app") String app, @PathParam("ds") String ds,
                                   @PathParam("table") String table, String body) {
        JsonNode column = body(body);
        if (column == null) {
            return Uni.createFrom().item(TreeQlResource.error(422, 1008, "Cannot read HTTP message"));
        }
        return answer(columns.addColumn(app, ds, table, column).map(ok -> (JsonNode) BooleanNode.valueOf(ok)),
                table, column.path("name").asText());
    }

    @Authorize(kind = Kind.DATATABLE, action = "migrate")
    @DELETE
    @Path("/{table}/{column}")
    @Operation(operationId = "treeqlDropColumn", summary = "TreeQL columns: drop a column and its values as a schema migration of the datatable; "
            + "answers true")
    @APIResponse(responseCode = "200", description = "true",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.BOOLEAN)))
    @APIResponse(responseCode = "404", description = "1001: no such table; 1005: no such column")
    @APIResponse(responseCode = "422", description = "1013: the primary key column")
    public Uni<Response> dropColumn(@PathParam("app") String app, @PathParam("ds") String ds,
                                    @PathParam("table") String table, @PathParam("column") String column) {
        return answer(columns.dropColumn(app, ds, table, column).map(ok -> (JsonNode) BooleanNode.valueOf(ok)),
                table, column);
    }

    /** A JSON object body, or null when it is not one. */
    private static JsonNode body(String body) {
        try {
            JsonNode node = TreeQlJson.parse(body == null || body.isBlank() ? "{}" : body);
            return node.isObject() ? node : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The value as JSON, or TreeQL's error: a missing column is 1005, anything else as the records API says it. */
    private static Uni<Response> answer(Uni<? extends JsonNode> work, String table, String column) {
        return work.map(value -> Response.ok(value.toString(), TreeQlResource.JSON).build())
                .onFailure().transform(Outages::translate)
                .onFailure(DatablyException.class).recoverWithItem(failure -> {
                    DatablyException e = (DatablyException) failure;
                    if (e.code() == ErrorCode.NOT_FOUND && e.getMessage().startsWith("Column '")) {
                        return TreeQlResource.error(404, 1005, "Column '" + column + "' not found");
                    }
                    TreeQlError error = TreeQlError.of(e, table, null, "columns");
                    return Response.status(error.status()).entity(error.json().toString())
                            .type(TreeQlResource.JSON).build();
                });
    }
}
