package io.datably.query.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.datably.query.model.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * "The rows after this one" as an ordinary filter, so every provider serves keyset pagination with the compiler it
 * already has. For keys k1..kn and the last row's values v1..vn: OR over i of (k1 = v1 AND … AND k(i-1) = v(i-1)
 * AND ki after vi), where "after" respects the direction and where nulls sort (a null is not greater or smaller
 * than anything, so it needs its own cases). A primary key field is never null: its "after" is the comparison alone,
 * which a store can answer from the key's index ({@code id > $1 OR id IS NULL} makes PostgreSQL walk the index from
 * its start and filter, so each page of a long walk cost more than the one before: an export of 1,000,000 rows spent
 * 88 ms on its last page against 15 ms).
 */
final class Keyset {
    private Keyset() {
    }

    static BoundCondition after(List<BoundSort> ordering, List<JsonNode> values, java.util.Set<String> neverNull) {
        List<BoundCondition> alternatives = new ArrayList<>();
        List<BoundCondition> equalSoFar = new ArrayList<>();
        for (int i = 0; i < ordering.size(); i++) {
            BoundSort sort = ordering.get(i);
            JsonNode value = values.get(i);
            BoundCondition after = afterOne(sort, value, neverNull.contains(sort.field().name()));
            if (after != null) {
                List<BoundCondition> all = new ArrayList<>(equalSoFar);
                all.add(after);
                alternatives.add(all.size() == 1 ? all.get(0) : new BoundCondition.And(all));
            }
            equalSoFar.add(isNull(value) ? nullCheck(sort, true)
                    : new BoundCondition.Compare(sort.field(), Op.EQ, List.of(value)));
        }
        if (alternatives.isEmpty()) {
            // Nothing comes after: the last key (the primary key) is never null, so this matches no row.
            return nullCheck(ordering.get(ordering.size() - 1), true);
        }
        return alternatives.size() == 1 ? alternatives.get(0) : new BoundCondition.Or(alternatives);
    }

    /** Strictly after {@code value} in this key's order; null when nothing can be (a null where nulls come last). */
    private static BoundCondition afterOne(BoundSort sort, JsonNode value, boolean neverNull) {
        boolean nullsFirst = sort.nullsFirst();
        if (isNull(value)) {
            return nullsFirst ? nullCheck(sort, false) : null;
        }
        BoundCondition beyond = new BoundCondition.Compare(sort.field(), sort.descending() ? Op.LT : Op.GT,
                List.of(value));
        return nullsFirst || neverNull ? beyond : new BoundCondition.Or(List.of(beyond, nullCheck(sort, true)));
    }

    private static BoundCondition nullCheck(BoundSort sort, boolean isNull) {
        return new BoundCondition.Compare(sort.field(), Op.ISNULL, List.of(BooleanNode.valueOf(isNull)));
    }

    private static boolean isNull(JsonNode value) {
        return value == null || value.isNull();
    }
}
