package io.datably.query.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.query.model.Op;
import io.datably.schema.model.Field;
import java.util.List;

/**
 * A filter tree bound to a table's schema: every field exists, every value is canonical for what the operator
 * compares (see {@link Compare}). Compilers trust it and only translate.
 */
public sealed interface BoundCondition {

    /** Both conditions, either of which may be null (no condition). */
    static BoundCondition both(BoundCondition a, BoundCondition b) {
        return a == null ? b : b == null ? a : new And(List.of(a, b));
    }

    /** All items hold. */
    record And(List<BoundCondition> items) implements BoundCondition {
        public And {
            items = List.copyOf(items);
        }
    }

    /** At least one item holds. */
    record Or(List<BoundCondition> items) implements BoundCondition {
        public Or {
            items = List.copyOf(items);
        }
    }

    /** The item does not hold. */
    record Not(BoundCondition item) implements BoundCondition {
    }

    /**
     * Some record related through {@code join} satisfies {@code item}: SQL's {@code EXISTS},
     * so never unknown; to-one and to-many alike. Conditions on one relation that are ANDed (or ORed) together are
     * one Related, so {@code comments__approved=true&comments__author=ann} asks for one comment with both.
     */
    record Related(BoundJoin join, BoundCondition item) implements BoundCondition {
    }

    /**
     * The record is soft-deleted ({@code deleted} true) or live (false): its marker {@code _deleted_at} is set or not
     * ({@link io.datably.schema.model.SoftDelete}). The planner adds it for tables with soft delete only; it is
     * never unknown.
     */
    record Deleted(boolean deleted) implements BoundCondition {
    }

    /**
     * {@code field op values}. Values, by operator:
     * <ul>
     *   <li>eq, ne, gt, gte, lt, lte, exact: one canonical value of the field's type (never null)</li>
     *   <li>in, nin: one or more canonical values; range: exactly two (low, high, both inclusive)</li>
     *   <li>isnull: one boolean</li>
     *   <li>iexact, contains, icontains, startswith, istartswith, endswith, iendswith: one string (plain text)</li>
     *   <li>like, ilike: one SQL LIKE pattern ({@code %}, {@code _}, backslash escapes); regex, iregex: one regex</li>
     *   <li>year, month, day: one integer; date: one {@code YYYY-MM-DD} string (datetimes compared in UTC)</li>
     *   <li>has: one item (canonical for a list's itemType; any JSON for an array); hasany, hasall: one or more</li>
     *   <li>haskey: one string (a key of an object field)</li>
     * </ul>
     * Semantics shared by every provider: {@code ne} and {@code nin} also match nulls (SQL {@code IS DISTINCT FROM}),
     * every other comparison is false for a null field.
     */
    record Compare(Field field, Op op, List<JsonNode> values) implements BoundCondition {
        public Compare {
            values = List.copyOf(values);
        }

        public JsonNode value() {
            return values.get(0);
        }
    }
}
