package io.datably.query.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.datably.error.DatablyException;
import io.datably.provider.spi.Capabilities;
import io.datably.query.model.Condition;
import io.datably.query.model.CountMode;
import io.datably.query.model.Pagination;
import io.datably.query.model.RecordQuery;
import io.datably.query.model.RowFilter;
import io.datably.query.model.SortKey;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.SoftDelete;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.RecordCaster;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Binds a parsed query to a table: names must be fields of the schema, values are cast to what each operator
 * compares ({@link ValueBinder}), and everything must be within the provider's capabilities. Errors are 400s that
 * name the parameter (or filter) and say what would be valid.
 */
public final class QueryPlanner {
    private static final Logger LOG = Logger.getLogger(QueryPlanner.class);
    /** Types with a meaningful order on every provider. */
    static final Set<FieldType> ORDERED = EnumSet.of(FieldType.STRING, FieldType.INTEGER, FieldType.NUMBER,
            FieldType.BOOLEAN, FieldType.DATE, FieldType.TIME, FieldType.DATETIME, FieldType.YEAR,
            FieldType.YEARMONTH, FieldType.DURATION);
    private static final int MAX_CONDITIONS = 200;
    /** Relations a filter path or an expansion may cross; deeper graphs are better served by several requests. */
    static final int MAX_RELATION_DEPTH = 4;
    /** Expansions in one request, nested ones included: each is a subquery per record of the page. */
    static final int MAX_EXPANSIONS = 16;

    private final int defaultPageSize;
    private final int maxPageSize;
    private final CursorCodec cursors;

    /** {@code cursors} null: keyset pagination is refused (a planner used only to bind filters). */
    public QueryPlanner(int defaultPageSize, int maxPageSize, CursorCodec cursors) {
        this.defaultPageSize = defaultPageSize;
        this.maxPageSize = maxPageSize;
        this.cursors = cursors;
    }

    /**
     * The table a query is planned for: its name (whose row filter applies; null for what is no table, such as an
     * aggregate's outputs), schema, caster, provider capabilities and relations.
     */
    public record Target(String name, String providerType, TableSchema schema, RecordCaster caster,
                         Capabilities capabilities, RelatedTables relations) {
        /** A table without a name, whose relations lead to {@code relations}. */
        public Target(String providerType, TableSchema schema, RecordCaster caster, Capabilities capabilities,
                      RelatedTables relations) {
            this(null, providerType, schema, caster, capabilities, relations);
        }

        /** A table whose relations are not followed. */
        public Target(String providerType, TableSchema schema, RecordCaster caster, Capabilities capabilities) {
            this(providerType, schema, caster, capabilities, RelatedTables.NONE);
        }
    }

    /** A query with no authorization in force. */
    public BoundQuery plan(RecordQuery query, Target target) {
        return plan(query, target, RowFilters.UNRESTRICTED);
    }

    /**
     * A query limited by row filters: the target's own, and each related table's on every relation path of the filter
     * and in every expansion, so no record outside a caller's reach is matched through, counted or embedded.
     */
    public BoundQuery plan(RecordQuery query, Target target, RowFilters filters) {
        return plan(query, target, filters, SoftDelete.Visibility.LIVE);
    }

    /**
     * The same, seeing the target's soft-deleted records as {@code deleted} asks (a caller allowed to); related
     * tables' soft-deleted records stay hidden from relation filters and expansions whatever it asks.
     */
    public BoundQuery plan(RecordQuery query, Target target, RowFilters filters, SoftDelete.Visibility deleted) {
        int[] budget = {MAX_CONDITIONS};
        BoundCondition where = query.where() == null ? null : bind(query.where(), target, budget, filters);
        BoundCondition own = BoundCondition.both(restriction(target, filters.of(target.name())),
                visibility(target.schema(), deleted));
        where = BoundCondition.both(where, own);
        List<BoundExpand> expand = expand(query.expand(), target, 1, new int[] {MAX_EXPANSIONS}, filters);
        List<BoundSort> ordering = ordering(query.ordering(), target);
        BoundSearch search = SearchSettings.bind(query.search(), target, query.ordering().isEmpty());
        Window window = window(query.pagination());
        List<Field> fields = fields(query.fields(), target.schema());
        CountMode count = query.count() == null ? CountMode.EXACT : query.count();
        String cursor = query.pagination() == null ? null : query.pagination().cursor();
        if (cursor == null) {
            return new BoundQuery(where, search, ordering, window.offset(), window.limit(), count,
                    withMarkers(fields, target.schema(), deleted), null, null, expand);
        }
        // Keyset pagination: the rows after the cursor's, in an ordering that identifies rows (it ends with the key).
        if (cursors == null) {
            throw DatablyException.invalidParameter("cursor", "is not accepted here");
        }
        if (target.schema().primaryKey().isEmpty() || (search != null && search.ranked())) {
            throw DatablyException.invalidParameter("cursor", target.schema().primaryKey().isEmpty()
                    ? "needs a table with a primaryKey" : "cannot follow relevance ranking; give an ordering");
        }
        String signature = ordering.stream().map(s -> s.field().name() + (s.descending() ? ":desc" : ":asc")
                + (s.nullsFirst() ? ":first" : ":last")).reduce((a, b) -> a + "," + b).orElse("");
        // "After the cursor" cuts the page, not the count: it is kept apart from the filter.
        BoundCondition after = cursor.isEmpty() ? null
                : Keyset.after(ordering, cursorValues(cursor, signature, ordering, target),
                        java.util.Set.copyOf(target.schema().primaryKey()));
        return new BoundQuery(where, search, ordering, 0, window.limit(), count, withMarkers(withOrderingFields(fields,
                ordering, target.schema()), target.schema(), deleted), signature, after, expand);
    }

    /** The values a cursor carries, checked again as the field's values (a signed cursor holds what we wrote). */
    private List<JsonNode> cursorValues(String cursor, String signature, List<BoundSort> ordering, Target target) {
        List<JsonNode> values = cursors.decode(cursor, signature);
        if (values.size() != ordering.size()) {
            throw DatablyException.invalidParameter("cursor", "does not fit this ordering");
        }
        List<JsonNode> cast = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode value = values.get(i);
            cast.add(value.isNull() ? value : target.caster().castValue(ordering.get(i).field(), value));
        }
        return cast;
    }

    /** Next-page cursors are read from the last row, so its ordering keys must be in it. */
    private static List<Field> withOrderingFields(List<Field> fields, List<BoundSort> ordering, TableSchema schema) {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach(f -> names.add(f.name()));
        ordering.forEach(s -> names.add(s.field().name()));
        return schema.fields().stream().filter(f -> names.contains(f.name())).toList();
    }

    /** Makes the cursor of the page after the row {@code last} (a record as returned). */
    public String nextCursor(BoundQuery query, JsonNode last) {
        List<JsonNode> values = new ArrayList<>();
        query.ordering().forEach(s -> values.add(last.path(s.field().name()).isMissingNode()
                ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : last.get(s.field().name())));
        return cursors.encode(query.cursor(), values);
    }

    /** Binds a filter tree alone (a partial index's predicate), with a list's checks and errors. */
    public BoundCondition bindCondition(Condition condition, Target target) {
        return bind(condition, target, new int[] {MAX_CONDITIONS}, RowFilters.UNRESTRICTED);
    }

    /**
     * What the row filter of {@code target} among {@code filters} asks of its records (see below), and that they are
     * live: a table reached through a relation never shows its soft-deleted records.
     */
    private BoundCondition rowCondition(Target target, RowFilters filters) {
        return BoundCondition.both(restriction(target, filters.of(target.name())),
                visibility(target.schema(), SoftDelete.Visibility.LIVE));
    }

    /** The fields to render, with the soft-delete marker after them when the read asks for deleted records too. */
    private static List<Field> withMarkers(List<Field> fields, TableSchema schema, SoftDelete.Visibility deleted) {
        if (!schema.softDelete() || deleted == SoftDelete.Visibility.LIVE) {
            return fields;
        }
        List<Field> marked = new ArrayList<>(fields);
        marked.addAll(SoftDelete.MARKER_FIELDS);
        return marked;
    }

    /**
     * Which records of a table a read sees by their soft-delete marker: null (no condition) when every record is
     * asked for, or the table has no soft delete (where only the deleted ones are none). Added here, where every
     * where is built, so each provider only compiles it ({@link BoundCondition.Deleted}).
     */
    public static BoundCondition visibility(TableSchema schema, SoftDelete.Visibility deleted) {
        if (!schema.softDelete()) {
            return deleted == SoftDelete.Visibility.ONLY ? never(schema) : null;
        }
        return switch (deleted) {
            case LIVE -> new BoundCondition.Deleted(false);
            case ONLY -> new BoundCondition.Deleted(true);
            case INCLUDE -> null;
        };
    }

    /**
     * What {@code filter} asks of the records of {@code target}, bound: null for all of them. A filter that does not
     * fit the table's schema (a policy naming a field the table lacks, or a value of the wrong type) lets no record
     * through, and the log says why: authorization fails closed.
     */
    public BoundCondition restriction(Target target, RowFilter filter) {
        if (filter instanceof RowFilter.All) {
            return null;
        }
        if (filter instanceof RowFilter.Only only) {
            try {
                return bind(only.condition(), target, new int[] {MAX_CONDITIONS}, RowFilters.UNRESTRICTED);
            } catch (DatablyException misfit) {
                LOG.warnf("The row filter of table '%s' does not fit its schema, so none of its records are let "
                        + "through: %s", target.name(), misfit.getMessage());
            }
        }
        return never(target.schema());
    }

    /** A condition no record meets, on every provider: its first field both null and not null. */
    static BoundCondition never(TableSchema schema) {
        Field field = schema.fields().get(0);
        return new BoundCondition.And(List.of(
                new BoundCondition.Compare(field, io.datably.query.model.Op.ISNULL, List.of(BooleanNode.TRUE)),
                new BoundCondition.Compare(field, io.datably.query.model.Op.ISNULL, List.of(BooleanNode.FALSE))));
    }

    /** Binds a filter tree (also used for the WHERE of aggregates). */
    BoundCondition bind(Condition condition, Target target, int[] budget, RowFilters filters) {
        if (--budget[0] < 0) {
            throw DatablyException.invalidParameter("filter", "more than " + MAX_CONDITIONS + " conditions");
        }
        if (condition instanceof Condition.And and) {
            return new BoundCondition.And(merge(and.items().stream().map(c -> bind(c, target, budget, filters))
                    .toList(), true));
        }
        if (condition instanceof Condition.Or or) {
            return new BoundCondition.Or(merge(or.items().stream().map(c -> bind(c, target, budget, filters))
                    .toList(), false));
        }
        if (condition instanceof Condition.Not not) {
            return new BoundCondition.Not(bind(not.item(), target, budget, filters));
        }
        Condition.Compare compare = (Condition.Compare) condition;
        return bindPath(compare, 0, target, String.join("__", compare.path()) + "__" + compare.op().token(), filters);
    }

    /** {@code a__b__field}: relations {@code a} then {@code b}, then a comparison on the last table's field. */
    private BoundCondition bindPath(Condition.Compare compare, int step, Target target, String name,
                                    RowFilters filters) {
        List<String> path = compare.path();
        if (step == path.size() - 1) {
            String last = path.get(step);
            if (target.schema().field(last).isEmpty() && target.relations().follow(last).isPresent()) {
                throw DatablyException.invalidParameter(name, "'" + last + "' is a relation; filter one of its "
                        + "fields, e.g. " + String.join("__", path) + "__<field>");
            }
            BoundCondition bound = new ValueBinder(target).bind(compare, last, name);
            return compare.negated() ? new BoundCondition.Not(bound) : bound;
        }
        if (step == MAX_RELATION_DEPTH) {
            throw DatablyException.invalidParameter(name, "crosses more than " + MAX_RELATION_DEPTH + " relations");
        }
        RelatedTables.Hop hop = follow(target, path.get(step), name);
        // Only related records within the caller's reach may match: "some related record" means some visible one.
        BoundCondition item = BoundCondition.both(bindPath(compare, step + 1, hop.target(), name, filters),
                rowCondition(hop.target(), filters));
        return new BoundCondition.Related(hop.join(target.schema()), item);
    }

    /**
     * Conditions on the same relation, side by side in one AND (or OR), become one condition on that relation: one
     * EXISTS instead of several, and in an AND the related record must satisfy all of them (one comment both
     * approved and by ann). For an OR, merging changes nothing but the cost.
     */
    private static List<BoundCondition> merge(List<BoundCondition> items, boolean and) {
        java.util.Map<String, List<BoundCondition>> byRelation = new java.util.LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (BoundCondition item : items) {
            if (item instanceof BoundCondition.Related related) {
                String relation = related.join().relation().name();
                if (!byRelation.containsKey(relation)) {
                    order.add(related);
                }
                byRelation.computeIfAbsent(relation, k -> new ArrayList<>()).add(related.item());
            } else {
                order.add(item);
            }
        }
        List<BoundCondition> merged = new ArrayList<>();
        for (Object item : order) {
            if (item instanceof BoundCondition.Related related) {
                List<BoundCondition> inner = byRelation.get(related.join().relation().name());
                BoundCondition joined = inner.size() == 1 ? inner.get(0)
                        : and ? new BoundCondition.And(merge(inner, true)) : new BoundCondition.Or(merge(inner, false));
                merged.add(new BoundCondition.Related(related.join(), joined));
            } else {
                merged.add((BoundCondition) item);
            }
        }
        return merged;
    }

    private static RelatedTables.Hop follow(Target target, String relation, String parameter) {
        return target.relations().follow(relation).orElseThrow(() -> DatablyException.invalidParameter(parameter,
                (target.schema().field(relation).isPresent() ? "'" + relation + "' is a field, not a relation"
                        : "unknown relation '" + DatablyException.abbreviate(relation) + "'") + "; relations are "
                        + target.relations().names()));
    }

    /** Expansions: relations of the target, each with its limit, the target's key order and nested expansions. */
    private List<BoundExpand> expand(List<io.datably.query.model.Expand> items, Target target, int depth,
                                     int[] budget, RowFilters filters) {
        List<BoundExpand> bound = new ArrayList<>();
        for (io.datably.query.model.Expand item : items) {
            if (depth > MAX_RELATION_DEPTH) {
                throw DatablyException.invalidParameter("expand", "nests more than " + MAX_RELATION_DEPTH
                        + " relations");
            }
            if (--budget[0] < 0) {
                throw DatablyException.invalidParameter("expand", "names more than " + MAX_EXPANSIONS
                        + " relations");
            }
            RelatedTables.Hop hop = follow(target, item.relation(), "expand");
            int limit = 1;
            if (hop.relation().toMany()) {
                limit = item.limit() == null ? defaultPageSize : item.limit();
                check("expand", limit, 1, maxPageSize);
            } else if (item.limit() != null) {
                throw DatablyException.invalidParameter("expand", "'" + item.relation()
                        + "' is a to-one relation; a limit applies to to-many relations only");
            }
            List<BoundSort> ordering = ordering(List.of(), hop.target());
            bound.add(new BoundExpand(hop.join(target.schema()), limit, ordering,
                    expand(item.nested(), hop.target(), depth + 1, budget, filters), rowCondition(hop.target(),
                    filters)));
        }
        return bound;
    }

    /** The requested keys, then the primary key (which any key orders stably, if not by its meaning). */
    private static List<BoundSort> ordering(List<SortKey> keys, Target target) {
        TableSchema schema = target.schema();
        List<BoundSort> sorts = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (SortKey key : keys) {
            Field field = field(schema, key.path(), "ordering");
            if (!ORDERED.contains(field.type())) {
                throw DatablyException.invalidParameter("ordering", "cannot order by '" + field.name() + "' of type "
                        + field.type().jsonName() + "; order by string, number, boolean or temporal fields");
            }
            String unordered = target.capabilities().limits().unordered(field);
            if (unordered != null) {
                throw DatablyException.invalidParameter("ordering", "cannot order by '" + field.name() + "': "
                        + unordered);
            }
            if (seen.add(field.name())) {
                sorts.add(new BoundSort(field, key.descending(), key.nulls()));
            }
        }
        for (String pk : schema.primaryKey()) {
            if (seen.add(pk)) {
                sorts.add(new BoundSort(schema.field(pk).orElseThrow(), false, SortKey.Nulls.DEFAULT));
            }
        }
        return sorts;
    }

    private static List<Field> fields(List<List<String>> paths, TableSchema schema) {
        if (paths == null) {
            return schema.fields();
        }
        if (paths.isEmpty()) {
            throw DatablyException.invalidParameter("fields", "names no field");
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (List<String> path : paths) {
            wanted.add(field(schema, path, "fields").name());
        }
        return schema.fields().stream().filter(f -> wanted.contains(f.name())).toList();
    }

    /** A field of the schema named by a one-segment path (ordering and fields stay on the table itself). */
    static Field field(TableSchema schema, List<String> path, String parameter) {
        if (path.size() > 1) {
            throw DatablyException.invalidParameter(parameter, "names a path through relations ('"
                    + DatablyException.abbreviate(String.join("__", path)) + "'); only filters follow relations, "
                    + "use expand= to include related records");
        }
        return schema.field(path.get(0)).orElseThrow(() -> DatablyException.invalidParameter(parameter,
                "unknown field '" + DatablyException.abbreviate(path.get(0)) + "'; fields are "
                        + schema.fields().stream().map(Field::name).toList()));
    }

    private record Window(long offset, int limit) {
    }

    private Window window(Pagination p) {
        Pagination page = p == null ? Pagination.DEFAULT : p;
        if (page.cursor() != null && (page.page() != null || page.offset() != null)) {
            throw DatablyException.invalidParameter("cursor", "cannot be combined with page or offset");
        }
        if (page.offset() != null || page.limit() != null) {
            long limit = page.limit() == null ? defaultPageSize : page.limit();
            long offset = page.offset() == null ? 0 : page.offset();
            check("limit", limit, 1, maxPageSize);
            check("offset", offset, 0, Long.MAX_VALUE / 2);
            return new Window(offset, (int) limit);
        }
        long size = page.pageSize() == null ? defaultPageSize : page.pageSize();
        long number = page.page() == null ? 1 : page.page();
        check("page_size", size, 1, maxPageSize);
        check("page", number, 1, Long.MAX_VALUE / (2L * maxPageSize));
        return new Window((number - 1) * size, (int) size);
    }

    private static void check(String parameter, long value, long min, long max) {
        if (value < min || value > max) {
            throw DatablyException.invalidParameter(parameter, "must be between " + min + " and " + max);
        }
    }

}
