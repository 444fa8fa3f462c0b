package io.datably.provider.mongo;

import io.datably.provider.spi.Averages;
import io.datably.query.plan.BoundAggregate;
import io.datably.query.plan.BoundCondition;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.TableSchema;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * A bound aggregate as a pipeline: $match, $group, $project (outputs under internal names k0…, a0… so no field name
 * can clash with an operator), $match for having, null flags, $sort, $limit. Only operators mongo-java-server
 * implements are used (no $dateTrunc, $let, $switch, $subtract): date buckets are cut from the fixed-width stored
 * text ({@link TemporalText}), weeks go through $toDate and day arithmetic. SQL semantics are followed: sum over no
 * values is null, count(field) and count_distinct skip nulls, nulls sort last ascending.
 */
final class MongoAggregateCompiler {
    private static final long DAY = 86_400_000L;
    private final MongoRecords records;

    MongoAggregateCompiler(MongoRecords records) {
        this.records = records;
    }

    List<BsonDocument> compile(BoundAggregate aggregate) {
        return compile(aggregate, Map.of());
    }

    /** {@code related}: the query documents of the filter's relation conditions ({@link MongoRelations#resolve}). */
    List<BsonDocument> compile(BoundAggregate aggregate,
                               Map<io.datably.query.plan.BoundCondition.Related, BsonDocument> related) {
        List<BsonDocument> pipeline = new ArrayList<>();
        if (aggregate.where() != null) {
            pipeline.add(new BsonDocument("$match", new MongoFilterCompiler(records, related)
                    .compile(aggregate.where())));
        }
        BsonDocument id = new BsonDocument();
        BsonDocument project = new BsonDocument("_id", new BsonInt32(0));
        Map<String, String> internal = new HashMap<>();
        for (int i = 0; i < aggregate.keys().size(); i++) {
            BoundAggregate.Key key = aggregate.keys().get(i);
            id.append("k" + i, key(key));
            project.append("k" + i, new BsonString("$_id.k" + i));
            internal.put(key.name(), "k" + i);
        }
        BsonDocument group = new BsonDocument("_id", id.isEmpty() ? BsonNull.VALUE : id);
        for (int i = 0; i < aggregate.aggregates().size(); i++) {
            BoundAggregate.Aggregate agg = aggregate.aggregates().get(i);
            String name = "a" + i;
            internal.put(agg.alias(), name);
            BsonValue value = agg.field() == null ? null : new BsonString("$" + records.path(agg.field().name()));
            switch (agg.function()) {
                case COUNT -> group.append(name, sum(value == null ? new BsonInt32(1) : notNull(value)));
                case COUNT_DISTINCT -> group.append(name, new BsonDocument("$addToSet", value));
                case SUM -> group.append(name, new BsonDocument("$sum", value)).append("n" + i, sum(notNull(value)));
                // $avg (a double for integers) serves having and ordering; the answer is computed exactly from
                // the sum and count (rows()).
                case AVG -> group.append(name, new BsonDocument("$avg", value))
                        .append("s" + i, new BsonDocument("$sum", value)).append("n" + i, sum(notNull(value)));
                case MIN -> group.append(name, new BsonDocument("$min", value));
                case MAX -> group.append(name, new BsonDocument("$max", value));
            }
            project.append(name, switch (agg.function()) {
                case COUNT_DISTINCT -> new BsonDocument("$size", new BsonDocument("$filter", new BsonDocument("input",
                        new BsonString("$" + name)).append("as", new BsonString("v")).append("cond",
                        op("$ne", new BsonString("$$v"), BsonNull.VALUE))));
                case SUM -> cond(op("$eq", new BsonString("$n" + i), new BsonInt32(0)), BsonNull.VALUE,
                        new BsonString("$" + name));
                default -> new BsonString("$" + name);
            });
            if (agg.function() == io.datably.query.model.AggregateFunction.AVG) {
                project.append("s" + i, new BsonString("$s" + i)).append("n" + i, new BsonString("$n" + i));
            }
        }
        pipeline.add(new BsonDocument("$group", group));
        pipeline.add(new BsonDocument("$project", project));
        if (aggregate.having() != null) {
            pipeline.add(new BsonDocument("$match", having(aggregate, internal)));
        }
        BsonDocument flags = new BsonDocument();
        BsonDocument sort = new BsonDocument();
        for (int i = 0; i < aggregate.ordering().size(); i++) {
            BoundAggregate.Sort key = aggregate.ordering().get(i);
            String path = internal.get(key.name());
            // MongoDB ranks null lowest; a flag first puts nulls where PostgreSQL does.
            flags.append("z" + i, cond(isNull(new BsonString("$" + path)), new BsonInt32(key.nullsFirst() ? 0 : 1),
                    new BsonInt32(key.nullsFirst() ? 1 : 0)));
            sort.append("z" + i, new BsonInt32(1)).append(path, new BsonInt32(key.descending() ? -1 : 1));
        }
        if (!sort.isEmpty()) {
            pipeline.add(new BsonDocument("$addFields", flags));
            pipeline.add(new BsonDocument("$sort", sort));
        }
        pipeline.add(new BsonDocument("$limit", new BsonInt32(aggregate.limit())));
        return pipeline;
    }

    /** The pipeline's documents as canonical JSON rows: keys then aggregates, under their output names. */
    static String rows(BoundAggregate aggregate, List<BsonDocument> documents) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (BsonDocument document : documents) {
            ObjectNode row = rows.addObject();
            for (int i = 0; i < aggregate.keys().size(); i++) {
                BoundAggregate.Key key = aggregate.keys().get(i);
                BsonValue value = document.get("k" + i);
                // Bucket starts are computed canonical text already; plain keys are stored values.
                row.set(key.name(), key.bucket() == null ? BsonValues.toJson(key.field(), value)
                        : value == null || value.isNull() ? JsonNodeFactory.instance.nullNode()
                        : JsonNodeFactory.instance.textNode(value.asString().getValue()));
            }
            for (int i = 0; i < aggregate.aggregates().size(); i++) {
                BoundAggregate.Aggregate agg = aggregate.aggregates().get(i);
                row.set(agg.alias(), agg.function() == io.datably.query.model.AggregateFunction.AVG
                        ? average(agg.output(), document.get("s" + i), document.get("n" + i))
                        : BsonValues.toJson(agg.output(), document.get("a" + i)));
            }
        }
        return rows.toString();
    }

    /** {@link Averages}: the exact sum over the count; NaN and infinities (Decimal128) as the sum has them. */
    private static com.fasterxml.jackson.databind.JsonNode average(Field output, BsonValue sum, BsonValue count) {
        com.fasterxml.jackson.databind.JsonNode total = BsonValues.toJson(output, sum);
        long n = count == null || !count.isNumber() ? 0 : count.asNumber().longValue();
        if (n == 0 || total.isNull()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (!total.isNumber()) {
            return total;
        }
        return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(Averages.of(total.decimalValue(), n));
    }

    /** Having is compiled by the list filter compiler, over a schema of the outputs under their internal names. */
    private BsonDocument having(BoundAggregate aggregate, Map<String, String> internal) {
        List<Field> fields = aggregate.aggregates().stream().map(a -> rename(a.output(), internal)).toList();
        MongoRecords outputs = new MongoRecords("aggregate", new TableSchema(fields, List.of(), null, null, null));
        return new MongoFilterCompiler(outputs).compile(renamed(aggregate.having(), internal));
    }

    private static BoundCondition renamed(BoundCondition condition, Map<String, String> internal) {
        if (condition instanceof BoundCondition.And and) {
            return new BoundCondition.And(and.items().stream().map(c -> renamed(c, internal)).toList());
        }
        if (condition instanceof BoundCondition.Or or) {
            return new BoundCondition.Or(or.items().stream().map(c -> renamed(c, internal)).toList());
        }
        if (condition instanceof BoundCondition.Not not) {
            return new BoundCondition.Not(renamed(not.item(), internal));
        }
        BoundCondition.Compare c = (BoundCondition.Compare) condition;
        return new BoundCondition.Compare(rename(c.field(), internal), c.op(), c.values());
    }

    private static Field rename(Field output, Map<String, String> internal) {
        return new Field(internal.get(output.name()), output.type(), null, null, null, null);
    }

    /** A plain key (null and missing alike), or the bucket's start as canonical datetime text. */
    private BsonValue key(BoundAggregate.Key key) {
        BsonString value = new BsonString("$" + records.path(key.field().name()));
        if (key.bucket() == null) {
            return new BsonDocument("$ifNull", new BsonArray(List.of(value, BsonNull.VALUE)));
        }
        boolean datetime = key.field().type() == FieldType.DATETIME;
        BsonValue start = switch (key.bucket()) {
            case HOUR -> datetime ? concat(substr(value, 0, 13), text(":00:00Z")) : concat(substr(value, 0, 10),
                    text("T00:00:00Z"));
            case DAY -> concat(substr(value, 0, 10), text("T00:00:00Z"));
            case MONTH -> concat(substr(value, 0, 7), text("-01T00:00:00Z"));
            case YEAR -> concat(substr(value, 0, 4), text("-01-01T00:00:00Z"));
            case QUARTER -> concat(substr(value, 0, 5), quarterMonth(substr(value, 5, 2)), text("-01T00:00:00Z"));
            case WEEK -> week(concat(substr(value, 0, 10), text("T00:00:00Z")));
        };
        return cond(isNull(value), BsonNull.VALUE, start);
    }

    private static BsonValue quarterMonth(BsonValue month) {
        return cond(op("$lte", month, text("03")), text("01"), cond(op("$lte", month, text("06")), text("04"),
                cond(op("$lte", month, text("09")), text("07"), text("10"))));
    }

    /**
     * The Monday on or before the day: the weekday comes from the day number since 1970-01-01 (a Thursday), as
     * {@code $dayOfWeek} numbers days differently on MongoDB (1 = Sunday) and mongo-java-server (1 = Monday).
     * {@code 700003} shifts days before 1970 to positive numbers without changing the weekday.
     */
    private static BsonValue week(BsonValue midnight) {
        BsonDocument date = new BsonDocument("$toDate", midnight);
        BsonDocument days = new BsonDocument("$floor", op("$divide", new BsonDocument("$toLong", date),
                new BsonInt64(DAY)));
        BsonDocument weekday = new BsonDocument("$toInt", op("$mod", new BsonDocument("$add",
                new BsonArray(List.of(days, new BsonInt64(700_003)))), new BsonInt32(7)));
        BsonArray back = new BsonArray();
        for (long d = 0; d < 7; d++) {
            back.add(new BsonInt64(-d * DAY));
        }
        BsonDocument monday = new BsonDocument("$add", new BsonArray(List.of(date,
                new BsonDocument("$arrayElemAt", new BsonArray(List.of(back, weekday))))));
        return new BsonDocument("$dateToString", new BsonDocument("format", text("%Y-%m-%dT00:00:00Z"))
                .append("date", monday));
    }

    private static BsonDocument sum(BsonValue value) {
        return new BsonDocument("$sum", value);
    }

    private static BsonValue notNull(BsonValue value) {
        return cond(isNull(value), new BsonInt32(0), new BsonInt32(1));
    }

    private static BsonDocument isNull(BsonValue value) {
        return op("$eq", new BsonDocument("$ifNull", new BsonArray(List.of(value, BsonNull.VALUE))), BsonNull.VALUE);
    }

    private static BsonDocument cond(BsonValue test, BsonValue then, BsonValue otherwise) {
        return new BsonDocument("$cond", new BsonArray(List.of(test, then, otherwise)));
    }

    private static BsonDocument op(String name, BsonValue left, BsonValue right) {
        return new BsonDocument(name, new BsonArray(List.of(left, right)));
    }

    private static BsonDocument concat(BsonValue... parts) {
        return new BsonDocument("$concat", new BsonArray(List.of(parts)));
    }

    private static BsonDocument substr(BsonValue value, int start, int length) {
        return new BsonDocument("$substr", new BsonArray(List.of(value, new BsonInt32(start), new BsonInt32(length))));
    }

    private static BsonString text(String value) {
        return new BsonString(value);
    }
}
