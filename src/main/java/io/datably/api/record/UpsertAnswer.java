package io.datably.api.record;

import io.datably.provider.spi.BulkWrite;
import io.datably.service.dataops.Upserts;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The answer to an upsert: how many records were created and updated, and each stored record in request order with
 * its action. Records are JSON rendered by the store, wrapped, not re-parsed. 201 when any record was created.
 */
final class UpsertAnswer {
    private UpsertAnswer() {
    }

    static Response of(Upserts.Result result) {
        StringBuilder items = new StringBuilder();
        int created = 0;
        for (BulkWrite.Upserted record : result.records()) {
            created += record.created() ? 1 : 0;
            items.append(items.length() == 0 ? "" : ",").append("{\"action\":\"")
                    .append(record.created() ? "created" : "updated").append("\",\"record\":").append(record.json())
                    .append('}');
        }
        String body = "{\"created\":" + created + ",\"updated\":" + (result.records().size() - created)
                + ",\"results\":[" + items + "]}";
        return Response.status(created > 0 ? 201 : 200).type(MediaType.APPLICATION_JSON).entity(body).build();
    }
}
