package io.datably.query.plan;

import io.datably.query.model.Condition;
import io.datably.query.model.Expand;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The related tables a query reaches, found before planning so their row filters can be decided first: those its
 * filter paths cross ({@code author__name}) and those it expands, to any depth. Names that lead nowhere are skipped
 * here; the planner reports them. Bounded like the planner: at most {@link QueryPlanner#MAX_RELATION_DEPTH} hops.
 */
public final class ReachedTables {
    private ReachedTables() {
    }

    /** The names of the related tables reached by {@code where} and {@code expand} from {@code target}. */
    public static Set<String> of(Condition where, List<Expand> expand, QueryPlanner.Target target) {
        Set<String> tables = new LinkedHashSet<>();
        if (where != null) {
            paths(where, target, tables);
        }
        expansions(expand, target, 1, tables);
        return tables;
    }

    private static void paths(Condition condition, QueryPlanner.Target target, Set<String> tables) {
        if (condition instanceof Condition.And and) {
            and.items().forEach(c -> paths(c, target, tables));
        } else if (condition instanceof Condition.Or or) {
            or.items().forEach(c -> paths(c, target, tables));
        } else if (condition instanceof Condition.Not not) {
            paths(not.item(), target, tables);
        } else if (condition instanceof Condition.Compare compare) {
            QueryPlanner.Target at = target;
            List<String> path = compare.path();
            for (int i = 0; i < path.size() - 1 && i < QueryPlanner.MAX_RELATION_DEPTH; i++) {
                Optional<RelatedTables.Hop> hop = at.relations().follow(path.get(i));
                if (hop.isEmpty()) {
                    return;
                }
                tables.add(hop.get().table().tableName());
                at = hop.get().target();
            }
        }
    }

    private static void expansions(List<Expand> expand, QueryPlanner.Target target, int depth, Set<String> tables) {
        if (depth > QueryPlanner.MAX_RELATION_DEPTH) {
            return;
        }
        for (Expand item : expand) {
            Optional<RelatedTables.Hop> hop = target.relations().follow(item.relation());
            if (hop.isPresent()) {
                tables.add(hop.get().table().tableName());
                expansions(item.nested(), hop.get().target(), depth + 1, tables);
            }
        }
    }
}
