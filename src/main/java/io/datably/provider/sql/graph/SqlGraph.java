package io.datably.provider.sql.graph;

import io.datably.provider.sql.ColumnAccess;
import io.datably.provider.sql.PgTypes;
import io.datably.provider.sql.RowRendering;
import io.datably.provider.sql.Sql;
import io.datably.provider.sql.SqlQueryCompiler;

import io.datably.provider.spi.graph.Graph;
import io.datably.query.model.Op;
import io.datably.query.plan.BoundCondition;
import io.datably.schema.model.FieldType;
import java.util.ArrayList;
import java.util.List;

/**
 * Graph walks on PostgreSQL (issue 15), for both providers through their {@link RowRendering}: a whole walk is one
 * recursive CTE; one level of a walk the service runs itself (Dijkstra) is one statement over the whole frontier.
 * Nodes are alias {@code t}, edges alias {@code e}; joins go through the key on one side and the source or target on
 * the other, the expressions the providers index (the primary key, and each foreign key's {@code _fk<n>x} index).
 *
 * <p>A BFS or DFS walk enumerates simple paths ({@code CYCLE} stops a path at a node it already holds, so cycles and
 * self-loops end), at most {@code max_depth} edges long, and keeps for each node the path that reaches it first: the
 * shortest, lexicographically least (BFS), or the lexicographically least (DFS: the order a depth-first walk taking
 * neighbours in key order visits them). A recursive CTE produces its rows level by level and the walk reads at most
 * {@code pathBudget + 1} of them: past the budget, the deepest level read is incomplete, so it is dropped and the walk
 * is answered as if {@code max_depth} were one less (truncated). A component is the set of nodes reached along edges
 * either way: {@code UNION} keeps each node once, so each is expanded once, whatever the paths.
 */
public final class SqlGraph {
    private final RowRendering rows;
    private final List<Object> params = new ArrayList<>();

    private SqlGraph(RowRendering rows) {
        this.rows = rows;
    }

    /** The statement of a walk and its parameters: one row, one column, {@code {"over": bool, "visits": [...]}}. */
    public record Statement(String sql, List<Object> params) {
    }

    public static Statement walk(Graph.Walk walk, RowRendering rows) {
        return new SqlGraph(rows).walkStatement(walk);
    }

    /** The statement of one level: a row per edge met, {@code {"from", "to", "weight", "edge"}} as JSON text. */
    public static Statement level(Graph.Level level, RowRendering rows) {
        return new SqlGraph(rows).levelStatement(level);
    }

    private Statement walkStatement(Graph.Walk walk) {
        Graph g = walk.graph();
        ColumnAccess access = rows.access();
        String nodes = Sql.table(g.nodes().physical());
        String key = access.column("t", g.key());
        String start = SqlQueryCompiler.condition(new BoundCondition.Compare(g.key(), Op.EQ, List.of(walk.start())),
                access, params, "t");
        String nodeWhere = walk.nodeWhere() == null ? "TRUE"
                : SqlQueryCompiler.condition(walk.nodeWhere(), access, params, "t");
        // Text keys order by code point, as the service and MongoDB compare them.
        String collate = g.key().type() == FieldType.STRING ? " COLLATE \"C\"" : "";
        String document = rows.document("(x.r)", g.nodes().schema(), g.nodes().schema().fields(), List.of());
        String records = "JOIN LATERAL (SELECT ROW(t.*)::" + nodes + " AS r FROM " + nodes + " AS t WHERE " + key
                + " = p.id) AS x ON TRUE";
        if (walk.order() == Graph.Order.BFS) {
            return breadthFirst(walk, key, start, nodeWhere, collate, document, records);
        }
        String hops = hops(g, walk.direction(), walk.edgeWhere(), "w.id");
        if (walk.order() == Graph.Order.COMPONENT) {
            String sql = "WITH RECURSIVE comp(id) AS (SELECT " + key + " FROM " + nodes + " AS t WHERE " + start
                    + " UNION SELECT " + key + " FROM comp AS w CROSS JOIN LATERAL (" + hops + ") AS h JOIN " + nodes
                    + " AS t ON " + key + " = h.next WHERE " + nodeWhere + "), "
                    + "page AS (SELECT id FROM comp LIMIT " + param(walk.limit() + 1) + ") "
                    + "SELECT json_build_object('over', (SELECT count(*) FROM page) > " + param(walk.limit())
                    + ", 'visits', coalesce((SELECT json_agg(json_build_object('key', to_json(p.id), 'depth', 0, "
                    + "'path', '[]'::json, 'record', " + document + ") ORDER BY p.id" + collate + ") FROM page AS p "
                    + records + "), '[]'::json))::text";
            return new Statement(sql, List.copyOf(params));
        }
        boolean bfs = false;
        String firstOrder = bfs ? "c.depth, c.path" + collate : "c.path" + collate;
        String pageOrder = bfs ? "depth, path" + collate : "path" + collate;
        String answerOrder = bfs ? "p.depth, p.path" + collate : "p.path" + collate;
        int budget = Math.max(1, walk.pathBudget());
        String sql = "WITH RECURSIVE walk(id, depth, path) AS ("
                + "SELECT " + key + ", 0, ARRAY[" + key + "] FROM " + nodes + " AS t WHERE " + start
                + " UNION ALL SELECT " + key + ", w.depth + 1, w.path || " + key + " FROM walk AS w"
                + " CROSS JOIN LATERAL (" + hops + ") AS h JOIN " + nodes + " AS t ON " + key + " = h.next"
                + " WHERE w.depth < " + param(walk.maxDepth()) + " AND " + nodeWhere
                + ") CYCLE id SET looped USING trail, "
                + "cut AS (SELECT id, depth, path, looped FROM walk LIMIT " + param(budget + 1) + "), "
                + "bounds AS (SELECT count(*) > " + param(budget) + " AS over, max(depth) AS deepest FROM cut), "
                + "firsts AS (SELECT DISTINCT ON (c.id) c.id, c.depth, c.path FROM cut AS c, bounds AS b"
                + " WHERE NOT c.looped AND (NOT b.over OR c.depth < b.deepest) ORDER BY c.id, " + firstOrder + "), "
                + "page AS (SELECT id, depth, path FROM firsts ORDER BY " + pageOrder + " LIMIT "
                + param(walk.limit() + 1) + ") "
                + "SELECT json_build_object('over', (SELECT over FROM bounds) OR (SELECT count(*) FROM page) > "
                + param(walk.limit()) + ", 'visits', coalesce((SELECT json_agg(json_build_object('key', "
                + "to_json(p.id), 'depth', p.depth, 'path', to_json(p.path), 'record', " + document + ") ORDER BY "
                + answerOrder + ") FROM page AS p " + records + "), '[]'::json))::text";
        return new Statement(sql, List.copyOf(params));
    }

    /**
     * A BFS as one recursive CTE whose rows are levels, not paths: each row holds a level's nodes in visiting order,
     * the path of each (JSON), and every node seen so far, so no node is reached twice and the work is one indexed
     * lookup per edge from each node, whatever the cycles. A node's path extends that of its earliest parent in the
     * level before (neighbours in key order): the lexicographically least of its shortest paths. The walk stops
     * expanding once more than {@code limit} nodes are seen.
     */
    private Statement breadthFirst(Graph.Walk walk, String key, String start, String nodeWhere, String collate,
                                   String document, String records) {
        Graph g = walk.graph();
        String nodes = Sql.table(g.nodes().physical());
        String hops = hops(g, walk.direction(), walk.edgeWhere(), "f.id");
        String sql = "WITH RECURSIVE lv(depth, ids, paths, seen) AS ("
                + "SELECT 0, ARRAY[" + key + "], jsonb_build_array(jsonb_build_array(" + key + ")), ARRAY[" + key
                + "] FROM " + nodes + " AS t WHERE " + start
                + " UNION ALL SELECT lv.depth + 1, n.ids, n.paths, lv.seen || n.ids FROM lv CROSS JOIN LATERAL ("
                + "SELECT array_agg(c.id ORDER BY c.pos, c.id" + collate + ") AS ids, jsonb_agg((lv.paths -> "
                + "(c.pos - 1)::int) || jsonb_build_array(c.id) ORDER BY c.pos, c.id" + collate + ") AS paths FROM ("
                + "SELECT DISTINCT ON (" + key + ") " + key + " AS id, f.pos FROM unnest(lv.ids) WITH ORDINALITY"
                + " AS f(id, pos) CROSS JOIN LATERAL (" + hops + ") AS h JOIN " + nodes + " AS t ON " + key
                + " = h.next LEFT JOIN unnest(lv.seen) AS s(id) ON s.id = " + key + " WHERE s.id IS NULL AND "
                + nodeWhere + " ORDER BY " + key + ", f.pos) AS c) AS n"
                + " WHERE lv.depth < " + param(walk.maxDepth()) + " AND n.ids IS NOT NULL AND cardinality(lv.seen) <= "
                + param(walk.limit()) + "), "
                + "page AS (SELECT lv.depth, v.id, v.pos, lv.paths -> (v.pos - 1)::int AS path FROM lv, "
                + "unnest(lv.ids) WITH ORDINALITY AS v(id, pos) ORDER BY lv.depth, v.pos LIMIT "
                + param(walk.limit() + 1) + ") "
                + "SELECT json_build_object('over', (SELECT count(*) FROM page) > " + param(walk.limit())
                + ", 'visits', coalesce((SELECT json_agg(json_build_object('key', to_json(p.id), 'depth', p.depth, "
                + "'path', p.path, 'record', " + document + ") ORDER BY p.depth, p.pos) FROM page AS p " + records
                + "), '[]'::json))::text";
        return new Statement(sql, List.copyOf(params));
    }

    private Statement levelStatement(Graph.Level level) {
        Graph g = level.graph();
        List<String> parts = new ArrayList<>();
        if (level.direction() != Graph.Direction.IN) {
            parts.add(levelPart(level, false));
        }
        if (level.direction() != Graph.Direction.OUT) {
            parts.add(levelPart(level, true));
        }
        return new Statement(String.join(" UNION ALL ", parts), List.copyOf(params));
    }

    /** The edges leaving the frontier one way ({@code reversed}: entering it, walked back). */
    private String levelPart(Graph.Level level, boolean reversed) {
        Graph g = level.graph();
        ColumnAccess access = rows.access();
        var near = reversed ? g.target() : g.source();
        var far = reversed ? g.source() : g.target();
        String frontier = SqlQueryCompiler.condition(new BoundCondition.Compare(near, Op.IN, level.frontier()),
                access, params, "e");
        String edgeWhere = level.edgeWhere() == null ? "TRUE"
                : SqlQueryCompiler.condition(level.edgeWhere(), access, params, "e");
        String nodeWhere = level.nodeWhere() == null ? "TRUE"
                : SqlQueryCompiler.condition(level.nodeWhere(), access, params, "t");
        String edges = Sql.table(g.edges().physical());
        String edgeRow = "(ROW(e.*)::" + edges + ")";
        String weight = g.weight() == null ? "'null'::json" : PgTypes.toJson(g.weight(), access.column("e",
                g.weight()));
        return "SELECT json_build_object('from', to_json(" + access.column("e", near) + "), 'to', to_json("
                + access.column("e", far) + "), 'weight', " + weight + ", 'edge', "
                + rows.document(edgeRow, g.edges().schema(), g.edges().schema().fields(), List.of()) + ")::text"
                + " FROM " + edges + " AS e JOIN " + Sql.table(g.nodes().physical()) + " AS t ON "
                + access.column("t", g.key()) + " = " + access.column("e", far)
                + " WHERE " + frontier + " AND " + edgeWhere + " AND " + nodeWhere;
    }

    /**
     * The next nodes of the walk's row {@code from} (its key expression) as column {@code next}: one indexed lookup
     * per direction followed, each edge meeting the edge filter.
     */
    private String hops(Graph g, Graph.Direction direction, BoundCondition edgeWhere, String from) {
        ColumnAccess access = rows.access();
        String edges = Sql.table(g.edges().physical());
        List<String> parts = new ArrayList<>();
        if (direction != Graph.Direction.IN) {
            parts.add(hop(edges, access.column("e", g.source()), access.column("e", g.target()), edgeWhere, from));
        }
        if (direction != Graph.Direction.OUT) {
            parts.add(hop(edges, access.column("e", g.target()), access.column("e", g.source()), edgeWhere, from));
        }
        return String.join(" UNION ALL ", parts);
    }

    private String hop(String edges, String near, String far, BoundCondition edgeWhere, String from) {
        String filter = edgeWhere == null ? "" : " AND " + SqlQueryCompiler.condition(edgeWhere, rows.access(),
                params, "e");
        return "SELECT " + far + " AS next FROM " + edges + " AS e WHERE " + near + " = " + from + filter;
    }

    private String param(int value) {
        params.add(value);
        return "$" + params.size() + "::int";
    }
}
