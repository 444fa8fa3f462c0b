package io.datably.provider.spi.graph;

import io.datably.provider.spi.TableDescriptor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.query.plan.BoundCondition;
import io.datably.schema.model.Field;
import java.time.Duration;
import java.util.List;

/**
 * A graph over the records of one table (issue 15): its nodes are the records of {@code nodes}, identified by the
 * one-field primary key {@code key}; its edges are the records of {@code edges} (another table of the datasource, or
 * {@code nodes} itself for a self-reference), each leading from the node its {@code source} field names to the node
 * its {@code target} field names, weighing {@code weight} (null: unweighted). For a self-reference, {@code source} is
 * the key itself (a record points at the node its reference names).
 */
public record Graph(TableDescriptor nodes, Field key, TableDescriptor edges, Field source, Field target,
                    Field weight) {

    /**
     * A key value in one form whatever read it (an int or a long from JSON, a number from BSON), so keys compare and
     * hash alike: whole numbers as longs (or big integers), other numbers without trailing zeros, the rest as is.
     */
    public static JsonNode canonicalKey(JsonNode key) {
        if (key == null || !key.isNumber()) {
            return key;
        }
        java.math.BigDecimal value = key.decimalValue();
        if (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0) {
            java.math.BigInteger whole = value.toBigIntegerExact();
            return whole.bitLength() < 64 ? com.fasterxml.jackson.databind.node.LongNode.valueOf(whole.longValue())
                    : com.fasterxml.jackson.databind.node.BigIntegerNode.valueOf(whole);
        }
        return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(value.stripTrailingZeros());
    }

    /** Which way edges are followed from a node: source to target, target to source, or both. */
    public enum Direction { OUT, IN, BOTH }

    /** The order a walk visits nodes in, or a component (a set: no order, depth nor path). */
    public enum Order { BFS, DFS, COMPONENT }

    /**
     * A walk from {@code start} (a node the service has found visible), along edges meeting {@code edgeWhere} to
     * nodes meeting {@code nodeWhere} (the caller's filters, row filters and soft-delete visibility, bound: null for
     * all); a node not meeting it is neither answered nor walked through. At most {@code maxDepth} edges from the
     * start (components: unbounded), at most {@code limit} nodes answered (the start included), and at most
     * {@code pathBudget} partial paths considered by a store that enumerates them (a recursive CTE); each statement
     * runs at most {@code timeout}.
     */
    public record Walk(Graph graph, JsonNode start, Direction direction, Order order, int maxDepth, int limit,
                       int pathBudget, BoundCondition nodeWhere, BoundCondition edgeWhere, Duration timeout) {
    }

    /**
     * One node reached: its key, how many edges from the start, the keys from the start to it (start first; empty
     * for components) and the record as a read renders it.
     */
    public record Visit(JsonNode key, int depth, List<JsonNode> path, ObjectNode record) {
        public Visit {
            path = List.copyOf(path);
        }
    }

    /** The nodes of a walk in visiting order; {@code truncated} when a bound (limit, path budget) cut it short. */
    public record Walked(List<Visit> visits, boolean truncated) {
        public Walked {
            visits = List.copyOf(visits);
        }
    }

    /**
     * One level of a walk the service runs itself: the edges leaving the nodes of {@code frontier} as
     * {@code direction} follows them, that meet {@code edgeWhere}, towards nodes that meet {@code nodeWhere}; the
     * statement runs at most {@code timeout}.
     */
    public record Level(Graph graph, List<JsonNode> frontier, Direction direction, BoundCondition nodeWhere,
                        BoundCondition edgeWhere, Duration timeout) {
        public Level {
            frontier = List.copyOf(frontier);
        }
    }

    /**
     * An edge met from node {@code from} to node {@code to} (for an edge followed against its direction, {@code from}
     * is its target), its weight (null when unweighted or empty) and its own record's key fields as stored
     * ({@code edge}, for answering which edges a path took).
     */
    public record Hop(JsonNode from, JsonNode to, JsonNode weight, ObjectNode edge) {
    }
}
