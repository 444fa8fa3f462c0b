package io.datably.service.treeql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.Relation;
import io.datably.query.model.Expand;
import io.datably.query.plan.QueryPlanner;
import io.datably.query.plan.RelatedTables;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TreeQL's {@code join=} on the query engine's expansions. A joined table name is found among the relations:
 * belongs-to (this table references it: its object replaces the foreign-key value in place), has-many (it references
 * this table: an array named after it) or many-to-many (through a link table that references both: an array named
 * after the far table). Unknown names end their path, as TreeQL ignores them. After the query, records are reshaped
 * from expansion members into TreeQL's places, encoded as TreeQL prints values, and trimmed by include/exclude,
 * keeping the keys that nesting needs.
 */
final class TreeQlJoins {
    enum Kind { BELONGS_TO, HAS_MANY, MANY_TO_MANY }

    /** One joined table: how it is reached, its schema, and the joins below it. */
    static final class Node {
        final String table;
        final Kind kind;
        final Relation relation;
        final Relation far;
        final TableSchema schema;
        final QueryPlanner.Target target;
        final Map<String, Node> children = new LinkedHashMap<>();

        Node(String table, Kind kind, Relation relation, Relation far, QueryPlanner.Target target) {
            this.table = table;
            this.kind = kind;
            this.relation = relation;
            this.far = far;
            this.target = target;
            this.schema = target.schema();
        }
    }

    private TreeQlJoins() {
    }

    /** The join tree of the root table ({@code root} holds no relation); names that lead nowhere are dropped. */
    static Node tree(String rootTable, QueryPlanner.Target root, List<List<String>> joins) {
        Node top = new Node(rootTable, null, null, null, root);
        for (List<String> path : joins) {
            Node at = top;
            for (String table : path) {
                Node next = at.children.get(table);
                if (next == null) {
                    next = find(at, table);
                    if (next == null) {
                        break;
                    }
                    at.children.put(table, next);
                }
                at = next;
            }
        }
        return top;
    }

    private static Node find(Node at, String table) {
        List<RelatedTables.Hop> hops = hopsTo(at.target, table);
        if (hops.isEmpty()) {
            return null;
        }
        RelatedTables.Hop first = hops.get(0);
        if (hops.size() == 2) {
            return new Node(table, Kind.MANY_TO_MANY, first.relation(), hops.get(1).relation(), hops.get(1).target());
        }
        return new Node(table, first.relation().toMany() ? Kind.HAS_MANY : Kind.BELONGS_TO, first.relation(), null,
                first.target());
    }

    /**
     * TreeQL names relations by table: the relation to that table (belongs-to first, as PHP-CRUD-API prefers, then
     * has-many), else the two relations through a link table that references both (many-to-many); empty when none.
     * Belongs-to relations count only with a one-field key, the only kind TreeQL can put in place.
     */
    static List<RelatedTables.Hop> hopsTo(QueryPlanner.Target target, String table) {
        RelatedTables relations = target.relations();
        for (boolean toMany : new boolean[] {false, true}) {
            for (String name : relations.names()) {
                var hop = relations.follow(name).orElseThrow();
                Relation r = hop.relation();
                if (r.toMany() == toMany && r.target().equals(table) && (toMany || r.fields().size() == 1)) {
                    return List.of(hop);
                }
            }
        }
        for (String name : relations.names()) {
            var link = relations.follow(name).orElseThrow();
            if (!link.relation().toMany()) {
                continue;
            }
            for (String farName : link.target().relations().names()) {
                var far = link.target().relations().follow(farName).orElseThrow();
                if (!far.relation().toMany() && far.relation().target().equals(table)) {
                    return List.of(link, far);
                }
            }
        }
        return List.of();
    }

    /** The expansions that fetch the tree. */
    static List<Expand> expansions(Node node) {
        List<Expand> out = new ArrayList<>();
        for (Node child : node.children.values()) {
            List<Expand> nested = expansions(child);
            out.add(switch (child.kind) {
                case BELONGS_TO -> new Expand(child.relation.name(), null, nested);
                case HAS_MANY -> new Expand(child.relation.name(), null, nested);
                case MANY_TO_MANY -> new Expand(child.relation.name(), null,
                        List.of(new Expand(child.far.name(), null, nested)));
            });
        }
        return out;
    }

    /** A record as fetched (expansion members after its fields) in TreeQL's shape, values and selection. */
    static ObjectNode reshape(ObjectNode record, Node node, Selection selection) {
        for (Node child : node.children.values()) {
            JsonNode value = record.remove(child.relation.name());
            switch (child.kind) {
                case BELONGS_TO -> record.set(child.relation.fields().get(0), value == null || value.isNull()
                        ? value : reshape((ObjectNode) value, child, selection));
                case HAS_MANY -> record.set(child.table, array(value, item -> reshape(item, child, selection)));
                case MANY_TO_MANY -> record.set(child.table, array(value, item -> {
                    JsonNode far = item.get(child.far.name());
                    return far == null || far.isNull() ? null : reshape((ObjectNode) far, child, selection);
                }));
            }
        }
        TreeQlValues.encode(node.schema, record);
        return selection.apply(record, node);
    }

    private static ArrayNode array(JsonNode value, java.util.function.Function<ObjectNode, ObjectNode> each) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        if (value != null && value.isArray()) {
            value.forEach(item -> {
                ObjectNode shaped = each.apply((ObjectNode) item);
                if (shaped != null) {
                    out.add(shaped);
                }
            });
        }
        return out;
    }

    /**
     * {@code include}/{@code exclude}: plain names and {@code *} for the root table, {@code table.column} and
     * {@code table.*} for any. With both {@code join} and {@code include}, the columns that nesting needs stay even
     * when not named (or excluded): {@code mandatory}, as {@code table.column}, found as PHP-CRUD-API's
     * RelationJoiner finds them (see {@link #mandatory}).
     */
    record Selection(String root, List<String> include, List<String> exclude, java.util.Set<String> mandatory) {
        Selection(String root, List<String> include, List<String> exclude) {
            this(root, include, exclude, java.util.Set.of());
        }

        /** This selection for a read joined by {@code tree}: the mandatory columns added when include is given. */
        Selection joined(Node tree) {
            return include.isEmpty() || tree.children.isEmpty() ? this
                    : new Selection(root, include, exclude, TreeQlJoins.mandatory(tree));
        }

        ObjectNode apply(ObjectNode record, Node node) {
            if (include.isEmpty() && exclude.isEmpty()) {
                return record;
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            record.properties().forEach(e -> {
                String column = e.getKey();
                boolean own = node.schema.field(column).isPresent();
                boolean in = !own || include.isEmpty() || matches(include, node.table, column);
                boolean keep = (in && !(own && matches(exclude, node.table, column)))
                        || mandatory.contains(node.table + "." + column);
                if (keep) {
                    out.set(column, e.getValue());
                }
            });
            return out;
        }

        /** Whether a write to {@code table} may set {@code column} (no key is needed to nest a write). */
        boolean writes(String table, String column) {
            return (include.isEmpty() || matches(include, table, column)) && !matches(exclude, table, column);
        }

        private boolean matches(List<String> entries, String table, String column) {
            for (String entry : entries) {
                int dot = entry.indexOf('.');
                String t = dot < 0 ? root : entry.substring(0, dot);
                String c = dot < 0 ? entry : entry.substring(dot + 1);
                if ((t.equals(table) || t.equals("*")) && (c.equals(column) || c.equals("*"))) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * The columns a join keeps, by table (as PHP-CRUD-API keeps them, for every occurrence of the table): for each
     * step from t1 to t2 of a join path, t2's key and t1's foreign keys to t2 when t1 references t2 or a third table
     * references both; t1's key and t2's foreign keys to t1 when t2 references t1 or a third table references both.
     * So {@code posts?join=categories&include=category_id,categories.name} keeps {@code posts.id} on the blog
     * database, where comments reference both posts and categories.
     */
    static java.util.Set<String> mandatory(Node tree) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        addMandatory(tree, out);
        return out;
    }

    private static void addMandatory(Node t1, java.util.Set<String> out) {
        for (Node t2 : t1.children.values()) {
            boolean linked = linkedThroughThird(t1.target, t2.table);
            List<Relation> toT2 = new ArrayList<>();
            List<Relation> fromT2 = new ArrayList<>();
            RelatedTables relations = t1.target.relations();
            for (String name : relations.names()) {
                Relation r = relations.follow(name).orElseThrow().relation();
                if (r.target().equals(t2.table)) {
                    (r.toMany() ? fromT2 : toT2).add(r);
                }
            }
            if (linked || !toT2.isEmpty()) {
                t2.schema.primaryKey().forEach(k -> out.add(t2.table + "." + k));
            }
            toT2.forEach(r -> r.fields().forEach(f -> out.add(t1.table + "." + f)));
            if (linked || !fromT2.isEmpty()) {
                t1.schema.primaryKey().forEach(k -> out.add(t1.table + "." + k));
            }
            fromT2.forEach(r -> r.targetFields().forEach(f -> out.add(t2.table + "." + f)));
            addMandatory(t2, out);
        }
    }

    /** A table that references both {@code from}'s table and {@code table} (PHP-CRUD-API's hasAndBelongsToMany). */
    private static boolean linkedThroughThird(QueryPlanner.Target from, String table) {
        RelatedTables relations = from.relations();
        for (String name : relations.names()) {
            var link = relations.follow(name).orElseThrow();
            if (!link.relation().toMany()) {
                continue;
            }
            for (String farName : link.target().relations().names()) {
                Relation far = link.target().relations().follow(farName).orElseThrow().relation();
                if (!far.toMany() && far.target().equals(table)) {
                    return true;
                }
            }
        }
        return false;
    }
}
