package io.datably.query.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A filter tree, as parsed: names and values are not yet checked against any schema (the planner does that).
 * A {@code path} is a field name, preceded by relation names when it goes through foreign keys
 * ({@code author__name} → {@code [author, name]}).
 */
public sealed interface Condition {

    /** All of the items hold. */
    record And(List<Condition> items) implements Condition {
        public And {
            items = List.copyOf(items);
        }
    }

    /** At least one of the items holds. */
    record Or(List<Condition> items) implements Condition {
        public Or {
            items = List.copyOf(items);
        }
    }

    /** The item does not hold. */
    record Not(Condition item) implements Condition {
    }

    /**
     * {@code path op value}. The value is JSON as the client wrote it: a string for URL values (lists already split
     * into an array for list operators), any JSON for the JSON form.
     *
     * @param negated the comparison itself is negated, inside any relation of the path: "some related record does
     *                not match" (TreeQL's {@code ncs}, {@code neq}, ...), where {@code Not} around a relation path
     *                means "no related record matches"
     */
    record Compare(List<String> path, Op op, JsonNode value, boolean negated) implements Condition {
        public Compare {
            path = List.copyOf(path);
        }

        public Compare(List<String> path, Op op, JsonNode value) {
            this(path, op, value, false);
        }
    }
}
