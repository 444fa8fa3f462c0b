package io.datably.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.model.CountMode;
import io.datably.query.model.SortKey.Nulls;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.BoundSort;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads every record of a table, page by page in primary-key order, through the provider's own list query, and
 * hands each page to a step (which may write). Used by migrations to check and rewrite stored records.
 */
final class RecordScan {
    static final int PAGE = 1000;

    private RecordScan() {
    }

    static Uni<Void> forEachPage(DataProvider provider, TableDescriptor table,
                                 Function<List<ObjectNode>, Uni<Void>> step) {
        List<BoundSort> ordering = new ArrayList<>();
        table.schema().primaryKey().forEach(name -> ordering.add(
                new BoundSort(table.schema().field(name).orElseThrow(), false, Nulls.DEFAULT)));
        return page(provider, table, ordering, 0, step);
    }

    private static Uni<Void> page(DataProvider provider, TableDescriptor table, List<BoundSort> ordering, long offset,
                                  Function<List<ObjectNode>, Uni<Void>> step) {
        BoundQuery query = new BoundQuery(null, null, ordering, offset, PAGE, CountMode.NONE, table.schema().fields());
        return provider.query(table, query).chain(page -> {
            List<ObjectNode> records = new ArrayList<>();
            for (JsonNode record : Json.parse(page.resultsJson())) {
                records.add((ObjectNode) record);
            }
            Uni<Void> done = step.apply(records);
            return records.size() < PAGE ? done
                    : done.chain(() -> page(provider, table, ordering, offset + PAGE, step));
        });
    }
}
