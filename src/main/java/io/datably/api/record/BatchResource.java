package io.datably.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.service.batch.BatchService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Atomic batches (README "Atomic batches"): an ordered list of record operations across the tables of one
 * datasource, all applied or none. Like the record endpoints it carries no catalog check: each operation is authorized
 * as its single-record twin, on its own table and records.
 */
@Path("/api/apps/{app}/datasources/{ds}/batch")
@Tag(name = "Batch")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BatchResource {
    private static final String EXAMPLE = """
            {"operations": [
              {"op": "create", "table": "authors", "record": {"id": 7, "name": "Ada"}},
              {"op": "create", "table": "posts", "records": [{"id": 1, "author_id": 7, "title": "Notes"}]},
              {"op": "update", "table": "posts", "pk": "1", "record": {"title": "Notes, revised"}},
              {"op": "replace", "table": "tags", "pk": "news", "record": {"slug": "news", "label": "News"}},
              {"op": "upsert", "table": "tags", "records": [{"slug": "math", "label": "Math"}], "on_conflict": ["slug"]},
              {"op": "delete", "table": "posts", "pk": "3"}
            ]}""";

    private final BatchService batches;

    public BatchResource(BatchService batches) {
        this.batches = batches;
    }

    @POST
    @Operation(operationId = "runBatch", summary = "Apply an ordered list of record operations across the tables of this datasource, all or "
            + "nothing",
            description = "Body: {\"operations\": [...]}, at most datably.batch.max-operations (default 1000). Each "
                    + "operation is {\"op\", \"table\", ...}: create takes record (an object) or records (an array); "
                    + "update (partial) and replace take pk (the key as in the record's URL, \"a,b\" when composite) "
                    + "and record; upsert takes record or records and on_conflict (field names; default the primary "
                    + "key); delete takes pk and purge (boolean). Each operation is validated, authorized and run as "
                    + "its single-record endpoint would, in order, each seeing the ones before it. On flat_table and "
                    + "jsonb all run in one PostgreSQL transaction; on mongodb they are applied one by one and undone "
                    + "in reverse order when one fails (others may see the partial state meanwhile).")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(ref = "Batch"), examples = @ExampleObject(name = "batch", value = EXAMPLE)))
    @APIResponse(responseCode = "200", description = "{\"results\": [...]}: one per operation, in order, each "
            + "{index, op, table, status} with status 201 (created), 200 (changed) or 204 (deleted), and record "
            + "(records for a create of records; for an upsert, action and record, or created, updated and results as "
            + "the upsert endpoint answers)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "BatchResults")))
    @APIResponse(responseCode = "400", description = "DS102: a body that is no batch (operations missing, empty, "
            + "over the limit, an unknown op or member: named operations[i].member); or the first failing "
            + "operation's own 400 (DS101, DS103, DS100), with index and op, culprits named operations[i].record.field; "
            + "nothing applied")
    @APIResponse(responseCode = "403", description = "DS302: the policies refuse an operation (index, op); nothing "
            + "applied")
    @APIResponse(responseCode = "404", description = "DS104: no such app or datasource; or an operation names a table "
            + "that is not one of this datasource (operations[i].table) or a record that is not there (index, op); "
            + "nothing applied")
    @APIResponse(responseCode = "409", description = "DS110/DS111/DS112: an operation breaks a unique or foreign key, "
            + "or its table is not materialized (index, op); nothing applied")
    public Uni<Response> run(@PathParam("app") String app, @PathParam("ds") String ds, JsonNode body) {
        return batches.run(app, ds, body).map(results -> Response.ok(results, MediaType.APPLICATION_JSON).build());
    }
}
