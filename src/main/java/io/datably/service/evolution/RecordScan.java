package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.model.CountMode;
import io.datably.query.model.Op;
import io.datably.query.model.SortKey.Nulls;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.BoundSort;
import io.datably.schema.model.Field;
import io.datably.service.Json;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads every record of a table, page by page in primary-key order, through the provider's own list query, and
 * hands each page to a step (which may write, but not keys). Used by migrations to check and rewrite stored records.
 */
final class RecordScan {
    static final int PAGE = 1000;

    private RecordScan() {
    }

    static Uni<Void> forEachPage(DataProvider provider, TableDescriptor table,
                                 Function<List<ObjectNode>, Uni<Void>> step) {
        List<Field> key = table.schema().primaryKey().stream()
                .map(name -> table.schema().field(name).orElseThrow()).toList();
        List<BoundSort> ordering = key.stream().map(f -> new BoundSort(f, false, Nulls.DEFAULT)).toList();
        return page(provider, table, key, ordering, null, 0, step);
    }

    /**
     * One page after {@code last} (the previous page's last record; null for the first): by key (keyset, so every
     * page costs the same) where the table has a primary key, else by offset in the store's row order.
     */
    private static Uni<Void> page(DataProvider provider, TableDescriptor table, List<Field> key,
                                  List<BoundSort> ordering, ObjectNode last, long offset,
                                  Function<List<ObjectNode>, Uni<Void>> step) {
        BoundCondition after = last == null || key.isEmpty() ? null : after(key, last);
        BoundQuery query = new BoundQuery(after, null, ordering, key.isEmpty() ? offset : 0, PAGE, CountMode.NONE,
                table.schema().fields());
        return provider.query(table, query).chain(page -> {
            List<ObjectNode> records = new ArrayList<>();
            for (JsonNode record : Json.parse(page.resultsJson())) {
                records.add((ObjectNode) record);
            }
            Uni<Void> done = step.apply(records);
            return records.size() < PAGE ? done : done.chain(() -> page(provider, table, key, ordering,
                    records.get(records.size() - 1), offset + PAGE, step));
        });
    }

    /**
     * Records whose key comes after {@code last}'s: {@code a > x OR (a = x AND b > y) ...}. Not the planner's
     * null-aware Keyset: key fields are never null, and its {@code OR a IS NULL} would keep PostgreSQL from using
     * {@code a > x} as an index bound, making every page a scan from the start again.
     */
    private static BoundCondition after(List<Field> key, ObjectNode last) {
        List<BoundCondition> alternatives = new ArrayList<>();
        for (int i = 0; i < key.size(); i++) {
            List<BoundCondition> all = new ArrayList<>();
            for (int j = 0; j < i; j++) {
                all.add(new BoundCondition.Compare(key.get(j), Op.EQ, List.of(last.get(key.get(j).name()))));
            }
            all.add(new BoundCondition.Compare(key.get(i), Op.GT, List.of(last.get(key.get(i).name()))));
            alternatives.add(all.size() == 1 ? all.get(0) : new BoundCondition.And(all));
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new BoundCondition.Or(alternatives);
    }
}
