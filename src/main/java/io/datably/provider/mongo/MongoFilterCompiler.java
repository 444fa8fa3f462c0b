package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.query.model.Op;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundCondition.Compare;
import io.datably.schema.model.FieldType;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * A bound filter tree as a MongoDB query document, one rule per construct, with PostgreSQL's semantics: values are
 * compared in their stored form (see {@link BsonValues}), nulls follow SQL's three-valued logic (see {@link #fails}).
 */
final class MongoFilterCompiler {
    /** Operators that are never unknown in SQL: true or false for a null field too (IS DISTINCT FROM, IS NULL). */
    private static final Set<Op> NULL_SAFE = EnumSet.of(Op.NE, Op.NIN, Op.ISNULL);
    /** Types whose stored value may be an array, where {@code {f: v}} would also match one element. */
    private static final Set<FieldType> MAYBE_ARRAY = EnumSet.of(FieldType.ARRAY, FieldType.LIST, FieldType.ANY);
    /** Types MongoDB orders differently from PostgreSQL (arrays by their least element, durations as text, ...). */
    static final Set<FieldType> UNORDERED = EnumSet.of(FieldType.ARRAY, FieldType.LIST, FieldType.ANY,
            FieldType.OBJECT, FieldType.GEOJSON, FieldType.GEOPOINT, FieldType.DURATION);
    static final BsonDecimal128 NAN = new BsonDecimal128(Decimal128.NaN);

    private final MongoRecords records;
    /** The query document of each relation condition, found beforehand ({@link MongoRelations#resolve}). */
    private final java.util.Map<BoundCondition.Related, BsonDocument> related;

    MongoFilterCompiler(MongoRecords records) {
        this(records, java.util.Map.of());
    }

    MongoFilterCompiler(MongoRecords records, java.util.Map<BoundCondition.Related, BsonDocument> related) {
        this.records = records;
        this.related = related;
    }

    /** The query document for a filter; an empty one (all records) for null. */
    BsonDocument compile(BoundCondition condition) {
        return condition == null ? new BsonDocument() : holds(condition);
    }

    /** Documents where the condition is TRUE. */
    private BsonDocument holds(BoundCondition condition) {
        if (condition instanceof BoundCondition.And and) {
            return and(and.items().stream().map(this::holds).toList());
        }
        if (condition instanceof BoundCondition.Or or) {
            return or(or.items().stream().map(this::holds).toList());
        }
        if (condition instanceof BoundCondition.Not not) {
            return fails(not.item());
        }
        if (condition instanceof BoundCondition.Related r) {
            return relatedDocument(r);
        }
        if (condition instanceof BoundCondition.Deleted deleted) {
            return deleted(deleted.deleted());
        }
        return compare((Compare) condition);
    }

    /** Soft-deleted documents carry their marker; live ones have none (or null: {@code $eq: null} matches both). */
    private static BsonDocument deleted(boolean deleted) {
        return new BsonDocument(io.datably.schema.model.SoftDelete.DELETED_AT,
                new BsonDocument(deleted ? "$ne" : "$eq", BsonNull.VALUE));
    }

    private BsonDocument relatedDocument(BoundCondition.Related condition) {
        BsonDocument document = related.get(condition);
        if (document == null) {
            throw new IllegalStateException("Relation condition '" + condition.join().relation().name()
                    + "' was not resolved before compiling");
        }
        return document;
    }

    /**
     * Documents where the condition is FALSE. SQL's NOT keeps UNKNOWN unknown, so {@code NOT (a = 1)} skips rows
     * where a is null, while {@code $nor} would match them: negation is pushed down (De Morgan) to the comparisons,
     * and a comparison that is unknown for null is false only where its field is not null. NE, NIN and ISNULL are
     * never unknown, so their plain {@code $nor} is exact. NOT (NOT x) is x again.
     */
    private BsonDocument fails(BoundCondition condition) {
        if (condition instanceof BoundCondition.And and) {
            return or(and.items().stream().map(this::fails).toList());
        }
        if (condition instanceof BoundCondition.Or or) {
            return and(or.items().stream().map(this::fails).toList());
        }
        if (condition instanceof BoundCondition.Not not) {
            return holds(not.item());
        }
        if (condition instanceof BoundCondition.Related r) {
            return nor(relatedDocument(r)); // EXISTS is never unknown
        }
        if (condition instanceof BoundCondition.Deleted deleted) {
            return deleted(!deleted.deleted()); // never unknown either
        }
        Compare compare = (Compare) condition;
        return NULL_SAFE.contains(compare.op()) ? nor(compare(compare))
                : and(List.of(operator(path(compare), "$ne", BsonNull.VALUE), nor(compare(compare))));
    }

    private BsonDocument compare(Compare c) {
        return switch (c.op()) {
            case EQ, EXACT -> equal(c, c.value());
            case NE -> MAYBE_ARRAY.contains(c.field().type()) ? nor(equal(c, c.value()))
                    : operator(path(c), "$ne", bson(c, c.value()));
            case GT -> order(c, "$gt", c.value());
            case GTE -> order(c, "$gte", c.value());
            case LT -> order(c, "$lt", c.value());
            case LTE -> order(c, "$lte", c.value());
            case IN -> in(c);
            case NIN -> MAYBE_ARRAY.contains(c.field().type()) ? nor(in(c)) : operator(path(c), "$nin", bsonList(c));
            case RANGE -> range(c);
            case ISNULL -> operator(path(c), c.value().asBoolean() ? "$eq" : "$ne", BsonNull.VALUE);
            case IEXACT -> regex(c, "^" + MongoPatterns.literal(text(c)) + MongoPatterns.END, "i");
            case CONTAINS -> regex(c, MongoPatterns.literal(text(c)), "");
            case ICONTAINS -> regex(c, MongoPatterns.literal(text(c)), "i");
            case STARTSWITH -> regex(c, "^" + MongoPatterns.literal(text(c)), "");
            case ISTARTSWITH -> regex(c, "^" + MongoPatterns.literal(text(c)), "i");
            case ENDSWITH -> regex(c, MongoPatterns.literal(text(c)) + MongoPatterns.END, "");
            case IENDSWITH -> regex(c, MongoPatterns.literal(text(c)) + MongoPatterns.END, "i");
            // PostgreSQL's '.' matches newlines (its regexes are not newline-sensitive by default): option s.
            case LIKE -> regex(c, MongoPatterns.like(text(c), parameter(c)), "s");
            case ILIKE -> regex(c, MongoPatterns.like(text(c), parameter(c)), "is");
            case REGEX -> regex(c, text(c), "s");
            case IREGEX -> regex(c, text(c), "is");
            case YEAR, MONTH, DAY, DATE -> MongoDateParts.compile(c, path(c), this::bson);
            case HAS -> element(c, c.value());
            case HASANY -> c.values().stream().anyMatch(JsonNode::isArray)
                    ? or(c.values().stream().map(v -> element(c, v)).toList())
                    : operator(path(c), "$in", elements(c));
            case HASALL -> c.values().stream().anyMatch(JsonNode::isArray)
                    ? and(c.values().stream().map(v -> element(c, v)).toList())
                    : operator(path(c), "$all", elements(c));
            case HASKEY -> hasKey(c);
        };
    }

    /**
     * Equality of the whole value. A field that may hold an array is compared with {@code $expr}, since
     * {@code {f: {$eq: v}}} also matches an array holding v (and the test server compares arrays differently).
     */
    private BsonDocument equal(Compare c, JsonNode value) {
        if (MAYBE_ARRAY.contains(c.field().type())) {
            BsonArray operands = new BsonArray(List.of(new BsonString("$" + path(c)),
                    new BsonDocument("$literal", bson(c, value))));
            return new BsonDocument("$expr", new BsonDocument("$eq", operands));
        }
        return operator(path(c), "$eq", bson(c, value));
    }

    private BsonDocument in(Compare c) {
        if (MAYBE_ARRAY.contains(c.field().type())) {
            return or(c.values().stream().map(v -> equal(c, v)).toList());
        }
        return operator(path(c), "$in", bsonList(c));
    }

    private BsonDocument range(Compare c) {
        if (c.field().type() == FieldType.NUMBER) {
            return and(List.of(order(c, "$gte", c.values().get(0)), order(c, "$lte", c.values().get(1))));
        }
        checkOrdered(c);
        return new BsonDocument(path(c), new BsonDocument("$gte", bson(c, c.values().get(0)))
                .append("$lte", bson(c, c.values().get(1))));
    }

    /**
     * An order comparison. PostgreSQL ranks NaN above every number (and equal to itself); MongoDB ranks it below
     * (the test server above), so NaN is excluded or added explicitly, which reads the same on both.
     */
    private BsonDocument order(Compare c, String operator, JsonNode value) {
        checkOrdered(c);
        String path = path(c);
        BsonValue v = bson(c, value);
        if (c.field().type() != FieldType.NUMBER) {
            return operator(path, operator, v);
        }
        boolean nan = v.isDecimal128() && v.asDecimal128().getValue().isNaN();
        return switch (operator) {
            case "$gt" -> nan ? nothing() : or(List.of(operator(path, "$gt", v), operator(path, "$eq", NAN)));
            case "$gte" -> nan ? operator(path, "$eq", NAN)
                    : or(List.of(operator(path, "$gte", v), operator(path, "$eq", NAN)));
            case "$lt" -> nan ? operator(path, "$nin", new BsonArray(List.of(BsonNull.VALUE, NAN)))
                    : new BsonDocument(path, new BsonDocument("$lt", v).append("$ne", NAN));
            default -> nan ? operator(path, "$ne", BsonNull.VALUE)
                    : new BsonDocument(path, new BsonDocument("$lte", v).append("$ne", NAN));
        };
    }

    /** One element equals the item; {@code $elemMatch} for an array item, which {@code {f: [..]}} would compare whole. */
    private BsonDocument element(Compare c, JsonNode item) {
        BsonValue value = BsonValues.elementToBson(c.field(), item);
        return item.isArray() ? operator(path(c), "$elemMatch", new BsonDocument("$eq", value))
                : operator(path(c), "$eq", value);
    }

    private BsonArray elements(Compare c) {
        return new BsonArray(c.values().stream().map(v -> BsonValues.elementToBson(c.field(), v)).toList());
    }

    private BsonDocument hasKey(Compare c) {
        String key = text(c);
        if (key.isEmpty() || key.contains(".") || key.startsWith("$") || key.indexOf('\0') >= 0) {
            String message = "the mongodb provider cannot look up object keys that are empty, contain '.' or NUL, "
                    + "or start with '$'";
            throw new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER, "Operator 'haskey' on field '"
                    + c.field().name() + "': " + message, List.of(new ProblemItem(parameter(c), "unsupported", message)));
        }
        BsonDocument exists = operator(path(c) + "." + key, "$exists", BsonBoolean.TRUE);
        // Only an object has keys: on a field that may hold an array, "f.0" would address an element.
        return c.field().type() == FieldType.OBJECT ? exists
                : and(List.of(operator(path(c), "$type", new BsonString("object")), exists));
    }

    private void checkOrdered(Compare c) {
        if (UNORDERED.contains(c.field().type())) {
            throw unordered(c.field().name(), c.field().type(), "operator '" + c.op().token() + "'");
        }
    }

    /** A 400 for comparing or sorting a type whose order MongoDB does not share with PostgreSQL. */
    static DatablyException unordered(String field, FieldType type, String what) {
        String message = "the mongodb provider cannot order " + type.jsonName() + " values like PostgreSQL does";
        return new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER, "Field '" + field + "' (" + what + "): "
                + message, List.of(new ProblemItem(field, "unsupported", message)));
    }

    private BsonDocument regex(Compare c, String pattern, String options) {
        BsonDocument regex = new BsonDocument("$regex", new BsonString(pattern));
        if (!options.isEmpty()) {
            regex.append("$options", new BsonString(options));
        }
        return new BsonDocument(path(c), regex);
    }

    private String path(Compare c) {
        return records.path(c.field().name());
    }

    private BsonValue bson(Compare c, JsonNode value) {
        return BsonValues.toBson(c.field(), value);
    }

    private BsonArray bsonList(Compare c) {
        return new BsonArray(c.values().stream().map(v -> bson(c, v)).toList());
    }

    private static String text(Compare c) {
        return c.value().asText();
    }

    /** The parameter a client wrote, for error messages: {@code name__like}. */
    private static String parameter(Compare c) {
        return c.field().name() + "__" + c.op().token();
    }

    static BsonDocument operator(String path, String operator, BsonValue value) {
        return new BsonDocument(path, new BsonDocument(operator, value));
    }

    /** All of the filters; none is TRUE ({@code {}}), as {@code $and} refuses an empty list. */
    static BsonDocument and(List<BsonDocument> filters) {
        return filters.isEmpty() ? new BsonDocument()
                : filters.size() == 1 ? filters.get(0) : new BsonDocument("$and", new BsonArray(filters));
    }

    /** Any of the filters; none is FALSE. */
    static BsonDocument or(List<BsonDocument> filters) {
        return filters.isEmpty() ? nothing()
                : filters.size() == 1 ? filters.get(0) : new BsonDocument("$or", new BsonArray(filters));
    }

    static BsonDocument nor(BsonDocument filter) {
        return new BsonDocument("$nor", new BsonArray(List.of(filter)));
    }

    /** Matches no document (every document has an {@code _id}). */
    static BsonDocument nothing() {
        return operator(MongoRecords.ID, "$in", new BsonArray());
    }
}
