package io.datably.query.plan;

import io.datably.error.DatablyException;
import io.datably.provider.spi.Capabilities;
import io.datably.provider.spi.ValueLimits;
import io.datably.query.model.AggregateFunction;
import io.datably.query.model.AggregateQuery;
import io.datably.query.model.AggregateSpec;
import io.datably.query.model.Condition;
import io.datably.query.model.CountMode;
import io.datably.query.model.GroupKey;
import io.datably.query.model.Op;
import io.datably.query.model.Pagination;
import io.datably.query.model.RecordQuery;
import io.datably.query.model.SortKey;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.RecordCaster;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds an {@link AggregateQuery} to a table. The filter is bound by {@link QueryPlanner} exactly as a list's is;
 * {@code having} is bound the same way against a made-up schema whose fields are the aggregate outputs, so its
 * values are cast to each output's type. Every error is a 400 naming the parameter.
 */
public final class AggregatePlanner {
    public static final int MAX_LIMIT = 1000;
    /** PostgreSQL's json_build_object takes at most 100 arguments: 50 name/value pairs. */
    private static final int MAX_OUTPUTS = 50;
    private static final Set<FieldType> SUMMABLE = EnumSet.of(FieldType.INTEGER, FieldType.NUMBER, FieldType.YEAR);
    private static final Set<FieldType> TEMPORAL = EnumSet.of(FieldType.DATE, FieldType.DATETIME);
    private static final Set<Op> HAVING_OPS = EnumSet.of(Op.EQ, Op.NE, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.IN, Op.NIN,
            Op.RANGE, Op.ISNULL);
    /** Binds the filters applied before grouping; aggregates are not paged, so it has no cursor codec. */
    private final QueryPlanner planner = new QueryPlanner(MAX_LIMIT, MAX_LIMIT, null);

    public BoundAggregate plan(AggregateQuery query, QueryPlanner.Target target) {
        return plan(query, target, RowFilters.UNRESTRICTED);
    }

    /** Aggregates over the records within the row filters (the target's, and those of tables its filter crosses). */
    public BoundAggregate plan(AggregateQuery query, QueryPlanner.Target target, RowFilters filters) {
        BoundCondition where = planner.plan(filterOnly(query.where()), target, filters).where();
        Map<String, Field> outputs = new LinkedHashMap<>();
        List<BoundAggregate.Key> keys = new ArrayList<>();
        for (GroupKey key : query.groupBy()) {
            keys.add(key(key, target.schema(), outputs));
        }
        if (query.aggregates().isEmpty()) {
            throw DatablyException.invalidParameter("aggregates", "names no aggregate");
        }
        List<BoundAggregate.Aggregate> aggregates = new ArrayList<>();
        for (AggregateSpec spec : query.aggregates()) {
            aggregates.add(aggregate(spec, target, outputs));
        }
        if (outputs.size() > MAX_OUTPUTS) {
            throw DatablyException.invalidParameter("aggregates", "at most " + MAX_OUTPUTS
                    + " group keys and aggregates together");
        }
        BoundCondition having = query.having() == null ? null : having(query.having(), aggregates,
                target.capabilities().limits());
        long limit = query.limit() == null ? MAX_LIMIT : query.limit();
        if (limit < 1 || limit > MAX_LIMIT) {
            throw DatablyException.invalidParameter("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new BoundAggregate(where, keys, aggregates, having, ordering(query.ordering(), keys, outputs),
                (int) limit);
    }

    private static RecordQuery filterOnly(Condition where) {
        return new RecordQuery(where, null, List.of(), Pagination.DEFAULT, null, List.of(), CountMode.NONE);
    }

    private static BoundAggregate.Key key(GroupKey key, TableSchema schema, Map<String, Field> outputs) {
        Field field = QueryPlanner.field(schema, key.path(), "group_by");
        if (key.bucket() == null) {
            if (!QueryPlanner.ORDERED.contains(field.type())) {
                throw DatablyException.invalidParameter("group_by", "cannot group by '" + field.name() + "' of type "
                        + field.type().jsonName() + "; group by string, number, boolean or temporal fields");
            }
            return new BoundAggregate.Key(field, null, output(outputs, "group_by", field.name(), field.type()));
        }
        if (!TEMPORAL.contains(field.type())) {
            throw DatablyException.invalidParameter("group_by", "bucket '" + key.bucket().token() + "' needs a date "
                    + "or datetime field; '" + field.name() + "' is " + field.type().jsonName());
        }
        return new BoundAggregate.Key(field, key.bucket(),
                output(outputs, "group_by", field.name() + "_" + key.bucket().token(), FieldType.DATETIME));
    }

    private static BoundAggregate.Aggregate aggregate(AggregateSpec spec, QueryPlanner.Target target,
                                                      Map<String, Field> outputs) {
        TableSchema schema = target.schema();
        AggregateFunction function = spec.function();
        if (spec.path() == null) {
            return new BoundAggregate.Aggregate(function, null, output(outputs, "aggregates", "count",
                    FieldType.INTEGER));
        }
        Field field = QueryPlanner.field(schema, spec.path(), "aggregates");
        FieldType type = switch (function) {
            case COUNT, COUNT_DISTINCT -> {
                require(function, field, function == AggregateFunction.COUNT ? EnumSet.allOf(FieldType.class)
                        : QueryPlanner.ORDERED);
                yield FieldType.INTEGER;
            }
            case SUM -> {
                require(function, field, SUMMABLE);
                yield field.type() == FieldType.NUMBER ? FieldType.NUMBER : FieldType.INTEGER;
            }
            case AVG -> {
                require(function, field, SUMMABLE);
                yield FieldType.NUMBER;
            }
            case MIN, MAX -> {
                Set<FieldType> ordered = EnumSet.copyOf(QueryPlanner.ORDERED);
                ordered.remove(FieldType.BOOLEAN);
                require(function, field, ordered);
                String unordered = target.capabilities().limits().unordered(field);
                if (unordered != null) {
                    throw DatablyException.invalidParameter("aggregates", function.token() + "(" + field.name()
                            + "): " + unordered);
                }
                yield field.type();
            }
        };
        return new BoundAggregate.Aggregate(function, field,
                output(outputs, "aggregates", function.token() + "_" + field.name(), type));
    }

    private static void require(AggregateFunction function, Field field, Set<FieldType> types) {
        if (!types.contains(field.type())) {
            throw DatablyException.invalidParameter("aggregates", function.token() + "(" + field.name()
                    + ") does not apply to a " + field.type().jsonName() + " field; it applies to "
                    + types.stream().map(FieldType::jsonName).toList());
        }
    }

    private static Field output(Map<String, Field> outputs, String parameter, String name, FieldType type) {
        if (outputs.containsKey(name)) {
            throw DatablyException.invalidParameter(parameter, "'" + DatablyException.abbreviate(name)
                    + "' is requested twice (or clashes with another output name)");
        }
        Field field = new Field(name, type, null, null, null, null);
        outputs.put(name, field);
        return field;
    }

    /**
     * Over aliases only, with the store's value limits; errors from binding are re-issued as errors of the
     * {@code having} parameter.
     */
    private BoundCondition having(Condition having, List<BoundAggregate.Aggregate> aggregates, ValueLimits limits) {
        TableSchema aliases = new TableSchema(aggregates.stream().map(BoundAggregate.Aggregate::output).toList(),
                List.of(), null, null, null);
        var target = new QueryPlanner.Target("aggregate", aliases, new RecordCaster(aliases),
                new Capabilities(false, false, HAVING_OPS, false, limits));
        try {
            return planner.plan(filterOnly(having), target).where();
        } catch (DatablyException e) {
            throw DatablyException.invalidParameter("having", e.getMessage().replace("fields are", "aliases are"));
        }
    }

    private static List<BoundAggregate.Sort> ordering(List<SortKey> requested, List<BoundAggregate.Key> keys,
                                                      Map<String, Field> outputs) {
        List<BoundAggregate.Sort> sorts = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (SortKey key : requested) {
            String name = String.join("__", key.path());
            Field output = outputs.get(name);
            if (output == null) {
                throw DatablyException.invalidParameter("ordering", "unknown name '" + DatablyException.abbreviate(name)
                        + "'; order by one of " + outputs.keySet());
            }
            if (!QueryPlanner.ORDERED.contains(output.type())) {
                throw DatablyException.invalidParameter("ordering", "cannot order by '" + name + "'");
            }
            if (seen.add(name)) {
                boolean nullsFirst = key.nulls() == SortKey.Nulls.FIRST
                        || (key.nulls() == SortKey.Nulls.DEFAULT && key.descending());
                sorts.add(new BoundAggregate.Sort(name, key.descending(), nullsFirst));
            }
        }
        for (BoundAggregate.Key key : keys) {
            if (seen.add(key.name())) {
                sorts.add(new BoundAggregate.Sort(key.name(), false, false));
            }
        }
        return sorts;
    }
}
