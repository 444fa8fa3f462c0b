package io.datably.provider.sql;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.query.model.Op;
import io.datably.query.plan.BoundCondition;
import java.util.ArrayList;
import java.util.List;

/**
 * A regex filter the planner accepted (RE2 syntax) that PostgreSQL's own dialect refuses ({@code \pL},
 * {@code \Q...\E}, named groups): {@link PgErrors} makes SQLSTATE 2201B a 400 with an unnamed {@code regex} item;
 * here the query's regex parameters are named in it, so the client sees which filter to fix.
 */
public final class RegexRefusals {
    static final String CODE = "regex";

    private RegexRefusals() {
    }

    public static Throwable named(Throwable failure, BoundCondition where) {
        if (!(failure instanceof DatablyException e) || e.errors().stream().noneMatch(i -> i.code().equals(CODE))) {
            return failure;
        }
        List<String> parameters = new ArrayList<>();
        collect(where, parameters);
        if (parameters.isEmpty()) {
            return failure;
        }
        String message = e.errors().get(0).message();
        return new DatablyException(ErrorCode.INVALID_PARAMETER, e.getMessage() + " (" + String.join(", ", parameters)
                + ")", parameters.stream().map(p -> new ProblemItem(p, CODE, message)).toList());
    }

    private static void collect(BoundCondition condition, List<String> out) {
        if (condition instanceof BoundCondition.And and) {
            and.items().forEach(c -> collect(c, out));
        } else if (condition instanceof BoundCondition.Or or) {
            or.items().forEach(c -> collect(c, out));
        } else if (condition instanceof BoundCondition.Not not) {
            collect(not.item(), out);
        } else if (condition instanceof BoundCondition.Related related) {
            collect(related.item(), out);
        } else if (condition instanceof BoundCondition.Compare compare
                && (compare.op() == Op.REGEX || compare.op() == Op.IREGEX)) {
            out.add(compare.field().name() + "__" + compare.op().token());
        }
    }
}
