package io.datably.service.hierarchy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.datably.config.DatablyConfig;
import io.datably.config.TraversalConfig;
import io.datably.error.DatablyException;
import io.datably.provider.spi.traversal.Hierarchy;
import io.datably.provider.spi.RecordKey;
import io.datably.query.model.Condition;
import io.datably.query.model.CountMode;
import io.datably.query.model.Op;
import io.datably.query.model.RecordQuery;
import io.datably.query.parse.NativeQueryParser;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.QueryPlanner;
import io.datably.query.plan.RowFilters;
import io.datably.schema.model.Field;
import io.datably.schema.model.SoftDelete;
import io.datably.service.Json;
import io.datably.service.Paging;
import io.datably.service.SchemaChanges;
import io.datably.service.records.RecordAccess;
import io.datably.service.records.RecordService;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hierarchy use cases (issue 15) over a table's self-referencing foreign key: ancestors, descendants, trees and
 * siblings. Each request is planned like a list (its filters, ordering, fields, page, under the caller's row filters),
 * then walked by the provider in one call ({@code DataProvider.descendants}/{@code ancestors}): a node outside the
 * caller's {@code read} row filter, or soft-deleted, is neither answered nor walked through.
 */
@ApplicationScoped
public class HierarchyService {
    /** What the walk's own parameters are called; the rest are the list's. */
    private static final Set<String> OWN = Set.of(SelfReference.VIA, TraversalLimits.MAX_DEPTH,
            TraversalLimits.LIMIT);
    static final String ROOTS = "roots";

    private final TableResolver resolver;
    private final RecordAccess access;
    private final RecordService records;
    private final TraversalConfig traversal;
    private final QueryPlanner planner;

    public HierarchyService(TableResolver resolver, RecordAccess access, RecordService records,
                            TraversalConfig traversal, DatablyConfig config) {
        this.resolver = resolver;
        this.access = access;
        this.records = records;
        this.traversal = traversal;
        // No cursors: keyset pagination does not apply to walks (refused, naming cursor).
        this.planner = new QueryPlanner(config.paging().defaultPageSize(), config.paging().maxPageSize(), null);
    }

    /** Every record below {@code rawKey}, depth by depth, filtered, ordered within a level and paged. */
    public Uni<HierarchyPage> descendants(String app, String ds, String table, String rawKey,
                                          Map<String, List<String>> params) {
        RecordQuery query = listQuery(params);
        TraversalLimits limits = TraversalLimits.of(params, traversal);
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> {
            Hierarchy.Link link = SelfReference.of(h, via(params));
            BoundCondition start = keyCondition(h, rawKey);
            return filters(app, ds, h, query.where()).chain(filters -> {
                BoundQuery bound = planner.plan(query, h.target(), filters, SoftDelete.Visibility.LIVE);
                Hierarchy.Walk walk = new Hierarchy.Walk(link, start, bounds(h, filters, null, limits), 1, bound);
                return h.provider().descendants(h.descriptor(), walk)
                        .map(answer -> page(answer, bound, query, table, rawKey, true));
            });
        }));
    }

    /** The records that share the parent of {@code rawKey} (roots: the other roots), as a paged list. */
    public Uni<HierarchyPage> siblings(String app, String ds, String table, String rawKey,
                                       Map<String, List<String>> params) {
        RecordQuery query = listQuery(params);
        TraversalLimits limits = TraversalLimits.of(params, traversal);
        if (params.containsKey(TraversalLimits.MAX_DEPTH)) {
            throw DatablyException.invalidParameter(TraversalLimits.MAX_DEPTH, "does not apply to siblings");
        }
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> {
            Hierarchy.Link link = SelfReference.of(h, via(params));
            RecordKey key = records.parseKey(h, rawKey);
            return records.get(app, ds, table, rawKey).chain(json -> {
                JsonNode parent = Json.parse(json).path(link.parent().name());
                BoundCondition sameParent = parent.isMissingNode() || parent.isNull()
                        ? new BoundCondition.Compare(link.parent(), Op.ISNULL, List.of(BooleanNode.TRUE))
                        : new BoundCondition.Compare(link.parent(), Op.EQ, List.of(parent));
                BoundCondition notItself = notKey(h, key);
                return filters(app, ds, h, query.where()).chain(filters -> {
                    BoundQuery bound = planner.plan(query, h.target(), filters, SoftDelete.Visibility.LIVE);
                    Hierarchy.Walk walk = new Hierarchy.Walk(link, BoundCondition.both(sameParent, notItself),
                            bounds(h, filters, null, new TraversalLimits(0, limits.maxNodes())), 0, bound);
                    return h.provider().descendants(h.descriptor(), walk)
                            .map(answer -> page(answer, bound, query, table, rawKey, false));
                });
            });
        }));
    }

    /** The chain above {@code rawKey} up to its root, nearest first; {@code fields} as a read takes them. */
    public Uni<Hierarchy.Answer> ancestors(String app, String ds, String table, String rawKey,
                                           Map<String, List<String>> params) {
        RecordQuery read = NativeQueryParser.parseRead(others(params, Set.of()));
        refuseExpand(read);
        TraversalLimits limits = TraversalLimits.of(params, traversal);
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> {
            Hierarchy.Link link = SelfReference.of(h, via(params));
            BoundCondition start = keyCondition(h, rawKey);
            return filters(app, ds, h, null).chain(filters -> {
                BoundQuery bound = planner.plan(read, h.target(), filters, SoftDelete.Visibility.LIVE);
                Hierarchy.Climb climb = new Hierarchy.Climb(link, start, bounds(h, filters, null, limits),
                        bound.fields());
                return h.provider().ancestors(h.descriptor(), climb).map(answer -> {
                    if (answer.starts() == 0) {
                        throw RecordService.missing(table, rawKey);
                    }
                    return new Hierarchy.Answer(1, Json.arraySize(answer.results()), answer.truncated(),
                            answer.results());
                });
            });
        }));
    }

    /**
     * The tree under {@code rawKey} (null: the trees of the records {@code roots} selects, by default those without a
     * parent), nested; the request's filters prune it (a node that fails them is left out with its subtree).
     */
    public Uni<Hierarchy.Answer> tree(String app, String ds, String table, String rawKey,
                                      Map<String, List<String>> params) {
        if (rawKey != null && params.containsKey(ROOTS)) {
            throw DatablyException.invalidParameter(ROOTS, "applies to records/tree/ only; a tree under a record "
                    + "starts at that record");
        }
        RecordQuery query = listQuery(params, true);
        for (String window : List.of("page", "page_size", "count")) {
            if (params.containsKey(window)) {
                throw DatablyException.invalidParameter(window, "does not apply to a tree (it is answered whole, up "
                        + "to limit nodes)");
            }
        }
        Condition roots = rawKey == null ? roots(params) : null;
        TraversalLimits limits = TraversalLimits.of(params, traversal);
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> {
            Hierarchy.Link link = SelfReference.of(h, via(params));
            BoundCondition start = rawKey != null ? keyCondition(h, rawKey) : null;
            Condition reach = roots == null ? query.where() : query.where() == null ? roots
                    : new Condition.And(List.of(query.where(), roots));
            return filters(app, ds, h, reach).chain(filters -> {
                BoundQuery bound = planner.plan(query, h.target(), filters, SoftDelete.Visibility.LIVE);
                BoundCondition from = start != null ? start : roots == null
                        ? new BoundCondition.Compare(link.parent(), Op.ISNULL, List.of(BooleanNode.TRUE))
                        : bindRoots(roots, h, filters);
                // The filters prune the walk itself: they are part of what every visited node must meet.
                BoundQuery whole = new BoundQuery(null, null, bound.ordering(), 0, limits.maxNodes(),
                        CountMode.NONE, bound.fields());
                Hierarchy.Walk walk = new Hierarchy.Walk(link, from, bounds(h, filters, bound.where(), limits), 0,
                        whole);
                return h.provider().descendants(h.descriptor(), walk).chain(answer -> {
                    ArrayNode trees = TreeNesting.nest(Json.parse(answer.results()));
                    Hierarchy.Answer nested = new Hierarchy.Answer(answer.starts(), TreeNesting.size(trees),
                            answer.truncated(), trees.toString());
                    if (rawKey == null || answer.starts() > 0) {
                        return Uni.createFrom().item(nested);
                    }
                    // No start: missing or hidden (404), or pruned by the filters (an empty answer).
                    return records.get(app, ds, table, rawKey).map(visible -> nested);
                });
            });
        }));
    }

    /** The list's parameters less the walk's own: parsed as a list, less what a walk cannot take. */
    private static RecordQuery listQuery(Map<String, List<String>> params) {
        return listQuery(params, false);
    }

    private static RecordQuery listQuery(Map<String, List<String>> params, boolean tree) {
        if (!tree && params.containsKey(ROOTS)) {
            throw DatablyException.invalidParameter(ROOTS, "applies to records/tree/ only");
        }
        RecordQuery query = NativeQueryParser.parse(others(params, Set.of(ROOTS)));
        if (query.search() != null) {
            throw DatablyException.invalidParameter("search", "does not apply to hierarchy answers; use filters");
        }
        if (query.pagination() != null && query.pagination().cursor() != null) {
            throw DatablyException.invalidParameter("cursor", "does not apply to hierarchy answers; use page");
        }
        refuseExpand(query);
        return query;
    }

    private static void refuseExpand(RecordQuery query) {
        if (!query.expand().isEmpty()) {
            throw DatablyException.invalidParameter("expand", "does not apply to hierarchy answers");
        }
    }

    private static Map<String, List<String>> others(Map<String, List<String>> params, Set<String> more) {
        Map<String, List<String>> rest = new java.util.LinkedHashMap<>();
        params.forEach((name, values) -> {
            if (!OWN.contains(name) && !more.contains(name)) {
                rest.put(name, values);
            }
        });
        return rest;
    }

    private static String via(Map<String, List<String>> params) {
        List<String> values = params.get(SelfReference.VIA);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw DatablyException.invalidParameter(SelfReference.VIA, "is given " + values.size()
                    + " times; give it once");
        }
        return values.get(0);
    }

    /** {@code roots=}: a filter in the group syntax ({@code (title=CEO)}, or {@code title=CEO}), named roots. */
    private static Condition roots(Map<String, List<String>> params) {
        List<String> values = params.get(ROOTS);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw DatablyException.invalidParameter(ROOTS, "is given " + values.size() + " times; give it once");
        }
        String raw = values.get(0) == null ? "" : values.get(0).trim();
        String group = raw.startsWith("(") ? raw : "(" + raw + ")";
        try {
            Condition where = NativeQueryParser.parse(Map.of("and", List.of(group))).where();
            if (where == null) {
                throw DatablyException.invalidParameter(ROOTS, "is empty; give a filter such as (title=CEO)");
            }
            return where;
        } catch (DatablyException e) {
            throw renamed(e);
        }
    }

    private BoundCondition bindRoots(Condition roots, TableHandle h, RowFilters filters) {
        try {
            return planner.plan(new RecordQuery(roots, null, List.of(), null, null, List.of(), null), h.target(),
                    filters, SoftDelete.Visibility.LIVE).where();
        } catch (DatablyException e) {
            throw renamed(e);
        }
    }

    private static DatablyException renamed(DatablyException e) {
        return DatablyException.invalidParameter(ROOTS, e.getMessage());
    }

    /** The row filters of reading this table (and the tables its filters reach). */
    private Uni<RowFilters> filters(String app, String ds, TableHandle h, Condition where) {
        return access.filters(app, ds, h.target(), "read", where, List.of(), SoftDelete.Visibility.LIVE);
    }

    /**
     * What every visited node must meet: the caller's row filter on the table and being live, and {@code more} (a
     * tree's filters), with the request's bounds and the configured statement timeout.
     */
    private Hierarchy.Bounds bounds(TableHandle h, RowFilters filters, BoundCondition more, TraversalLimits limits) {
        BoundCondition own = BoundCondition.both(planner.restriction(h.target(), filters.of(h.table().name)),
                QueryPlanner.visibility(h.descriptor().schema(), SoftDelete.Visibility.LIVE));
        return new Hierarchy.Bounds(more != null ? more : own, limits.maxDepth(), limits.maxNodes(),
                traversal.statementTimeout());
    }

    /** The record of that key (400 naming pk when it does not fit the key). */
    private BoundCondition keyCondition(TableHandle h, String rawKey) {
        RecordKey key = records.parseKey(h, rawKey);
        List<String> pk = h.descriptor().schema().primaryKey();
        List<BoundCondition> parts = new ArrayList<>();
        for (int i = 0; i < pk.size(); i++) {
            Field field = h.descriptor().schema().field(pk.get(i)).orElseThrow();
            parts.add(new BoundCondition.Compare(field, Op.EQ, List.of(key.values().get(i))));
        }
        return parts.size() == 1 ? parts.get(0) : new BoundCondition.And(parts);
    }

    /** Any record but the one of that key. */
    private static BoundCondition notKey(TableHandle h, RecordKey key) {
        List<String> pk = h.descriptor().schema().primaryKey();
        List<BoundCondition> parts = new ArrayList<>();
        for (int i = 0; i < pk.size(); i++) {
            Field field = h.descriptor().schema().field(pk.get(i)).orElseThrow();
            parts.add(new BoundCondition.Compare(field, Op.NE, List.of(key.values().get(i))));
        }
        return parts.size() == 1 ? parts.get(0) : new BoundCondition.Or(parts);
    }

    /** The walk's answer as a page: 404 without a start (when it needs one), and past the last page as a list answers. */
    private static HierarchyPage page(Hierarchy.Answer answer, BoundQuery bound, RecordQuery query, String table,
                                      String rawKey, boolean startNeeded) {
        if (answer.starts() == 0 && startNeeded) {
            throw RecordService.missing(table, rawKey);
        }
        Long number = query.pagination() == null ? null : query.pagination().page();
        if (number != null && number > 1 && "[]".equals(answer.results())) {
            throw Paging.beyondLast(number, answer.count(), bound.limit());
        }
        return new HierarchyPage(answer, bound.offset(), bound.limit());
    }
}
