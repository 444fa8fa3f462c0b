package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.query.plan.BoundCondition.Compare;
import io.datably.schema.model.FieldType;
import java.util.function.BiFunction;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * year, month, day and date filters. Dates and datetimes are stored as ISO strings in UTC ({@code 2024-10-30},
 * {@code 2024-10-30T10:00:00.000000Z}), so each part sits at a fixed place and an anchored regex selects it (no
 * {@code $dateTrunc}/{@code $year} needed, and a year prefix can use an index on MongoDB).
 */
final class MongoDateParts {
    private MongoDateParts() {
    }

    static BsonDocument compile(Compare c, String path, BiFunction<Compare, JsonNode, BsonValue> bson) {
        FieldType type = c.field().type();
        String prefix = switch (c.op()) {
            case YEAR -> {
                if (type == FieldType.YEAR) {
                    yield null;
                }
                long year = c.value().asLong();
                yield year >= 0 && year <= 9999 ? String.format("%04d-", year) : "";
            }
            case MONTH -> part(c.value().asLong(), 12, "[0-9]{4}-");
            case DAY -> part(c.value().asLong(), 31, "[0-9]{4}-[0-9]{2}-");
            case DATE -> type == FieldType.DATE ? null : MongoPatterns.literal(c.value().asText()) + "T";
            default -> throw new IllegalArgumentException("not a date part: " + c.op());
        };
        if (prefix == null) {
            // A year field is the year itself; a date field is the date itself.
            return MongoFilterCompiler.operator(path, "$eq", bson.apply(c, c.value()));
        }
        return prefix.isEmpty() ? MongoFilterCompiler.nothing()
                : new BsonDocument(path, new BsonDocument("$regex", new BsonString("^" + prefix)));
    }

    /** The prefix up to a two-digit part, or "" (matches nothing) when the number cannot be that part. */
    private static String part(long value, int max, String before) {
        return value >= 1 && value <= max ? before + String.format("%02d", value) : "";
    }
}
