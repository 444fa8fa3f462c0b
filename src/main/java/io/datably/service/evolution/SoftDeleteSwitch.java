package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.model.CountMode;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.BoundSort;
import io.datably.query.model.SortKey;
import io.datably.schema.model.SoftDelete;
import io.datably.schema.model.TableSchema;
import io.datably.service.Json;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;

/**
 * Turning {@code datably:softDelete} off: refused (409) while soft-deleted records exist, naming some of them, so a
 * schema change never silently brings deleted records back nor silently destroys them. Restore or purge them first.
 * Turning it on needs no check: the migration adds the marker, and every record is live.
 */
final class SoftDeleteSwitch {
    private static final int NAMED = 10;

    private SoftDeleteSwitch() {
    }

    static Uni<Void> requireNoneDeleted(DataProvider provider, TableDescriptor before, TableSchema after) {
        TableSchema schema = before.schema();
        if (!schema.softDelete() || after.softDelete()) {
            return Uni.createFrom().voidItem();
        }
        // In key order (a table without a key is ordered by the store's row identity).
        List<BoundSort> byKey = schema.primaryKey().stream().map(pk -> new BoundSort(schema.field(pk).orElseThrow(),
                false, SortKey.Nulls.DEFAULT)).toList();
        BoundQuery deleted = new BoundQuery(new BoundCondition.Deleted(true), null, byKey, 0, NAMED,
                CountMode.EXACT, schema.fields());
        return provider.query(before, deleted).map(page -> {
            if (page.count() <= 0) {
                return null;
            }
            List<String> keys = new ArrayList<>();
            for (JsonNode record : Json.parse(page.resultsJson())) {
                keys.add(schema.primaryKey().isEmpty() ? record.toString() : String.join(",", schema.primaryKey()
                        .stream().map(pk -> record.path(pk).asText()).toList()));
            }
            String message = page.count() + " record(s) are soft-deleted (key" + (keys.size() > 1 ? "s " : " ")
                    + String.join("; ", keys) + (page.count() > keys.size() ? "; …" : "") + "): restore them (POST "
                    + "records/{pk}/restore/) or purge them (DELETE records/{pk}/?purge=true) before turning "
                    + SoftDelete.SETTING + " off";
            throw new DatablyException(ErrorCode.CONFLICT, "Datatable '" + before.tableName() + "': " + message,
                    List.of(new ProblemItem("json_schema." + SoftDelete.SETTING, "deleted_records", message)));
        });
    }
}
