package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBoolean;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.types.Decimal128;

/**
 * Canonical JSON value ⇄ BSON value, per field type; exact for numbers (Decimal128 keeps digits and scale).
 * Times and datetimes are stored with exactly six fraction digits and read back trimmed, so that string order is
 * time order (canonical "10:00:00Z" would sort after "10:00:00.5Z" because '.' < 'Z').
 */
public final class BsonValues {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private BsonValues() {
    }

    /** The BSON form of one canonical field value; JSON null (or absent) becomes an explicit BSON null. */
    public static BsonValue toBson(Field field, JsonNode value) {
        if (value == null || value.isNull()) {
            return BsonNull.VALUE;
        }
        return switch (field.type()) {
            case LIST -> {
                FieldType itemType = listItemType(field);
                BsonArray array = new BsonArray();
                value.forEach(item -> array.add(item.isNull() ? BsonNull.VALUE : scalarToBson(field, itemType, item)));
                yield array;
            }
            default -> scalarToBson(field, field.type(), value);
        };
    }

    /** The canonical JSON form of one stored value; BSON null or a missing value becomes JSON null. */
    public static JsonNode toJson(Field field, BsonValue value) {
        if (value == null || value.isNull()) {
            return JSON.nullNode();
        }
        if (field.type() == FieldType.LIST && value.isArray()) {
            FieldType itemType = listItemType(field);
            ArrayNode array = JSON.arrayNode();
            value.asArray().forEach(item -> array.add(item.isNull() ? JSON.nullNode() : scalarToJson(itemType, item)));
            return array;
        }
        return scalarToJson(field.type(), value);
    }

    /**
     * The BSON form of one element of an array or list field (as {@code has} compares it): a list item per the
     * list's itemType, anything else as free-form JSON.
     */
    public static BsonValue elementToBson(Field field, JsonNode item) {
        if (item == null || item.isNull()) {
            return BsonNull.VALUE;
        }
        return field.type() == FieldType.LIST ? scalarToBson(field, listItemType(field), item) : anyToBson(field, item);
    }

    private static BsonValue scalarToBson(Field field, FieldType type, JsonNode value) {
        return switch (type) {
            case INTEGER -> integerToBson(field, value);
            case NUMBER -> numberToBson(field, value);
            case BOOLEAN -> BsonBoolean.valueOf(value.asBoolean());
            case YEAR -> value.canConvertToInt() ? new BsonInt32(value.intValue()) : new BsonInt64(value.longValue());
            case TIME, DATETIME -> new BsonString(TemporalText.stored(type, value.asText()));
            case STRING, DATE, YEARMONTH, DURATION -> new BsonString(value.asText());
            case GEOPOINT -> new BsonDocument()
                    .append("lon", decimal(field, value.get("lon")))
                    .append("lat", decimal(field, value.get("lat")));
            // LIST items without a usable itemType land here too: keep them as plain JSON.
            case OBJECT, ARRAY, GEOJSON, ANY, LIST -> anyToBson(field, value);
        };
    }

    private static JsonNode scalarToJson(FieldType type, BsonValue value) {
        return switch (type) {
            case INTEGER, YEAR -> integerToJson(value);
            case NUMBER -> numberToJson(value);
            case BOOLEAN -> JSON.booleanNode(value.asBoolean().getValue());
            case TIME, DATETIME -> value.isString()
                    ? JSON.textNode(TemporalText.canonical(type, value.asString().getValue()))
                    // A BSON date: the soft-delete marker's time (records' datetimes are stored as text).
                    : value.isDateTime() ? JSON.textNode(TemporalText.canonical(type,
                    java.time.Instant.ofEpochMilli(value.asDateTime().getValue()).toString())) : anyToJson(value);
            case STRING, DATE, YEARMONTH, DURATION ->
                    value.isString() ? JSON.textNode(value.asString().getValue()) : anyToJson(value);
            case GEOPOINT -> value.isDocument()
                    ? JSON.objectNode().<ObjectNode>set("lon", numberToJson(value.asDocument().get("lon")))
                            .set("lat", numberToJson(value.asDocument().get("lat")))
                    : anyToJson(value);
            case OBJECT, ARRAY, GEOJSON, ANY, LIST -> anyToJson(value);
        };
    }

    private static BsonValue integerToBson(Field field, JsonNode value) {
        BigInteger big = value.isIntegralNumber() ? value.bigIntegerValue() : exactInteger(field, value);
        if (big.compareTo(LONG_MIN) >= 0 && big.compareTo(LONG_MAX) <= 0) {
            return new BsonInt64(big.longValue());
        }
        // Beyond long: Decimal128 holds up to 34 digits exactly; more than that cannot be stored faithfully.
        return decimal128(field, new BigDecimal(big));
    }

    private static BigInteger exactInteger(Field field, JsonNode value) {
        try {
            return value.decimalValue().toBigIntegerExact();
        } catch (ArithmeticException e) {
            throw DatablyException.invalidField(field.name(), "type", "must be an integer");
        }
    }

    private static JsonNode integerToJson(BsonValue value) {
        return switch (value.getBsonType()) {
            case INT32 -> JSON.numberNode(value.asInt32().getValue());
            case INT64 -> JSON.numberNode(value.asInt64().getValue());
            case DECIMAL128 -> JSON.numberNode(value.asDecimal128().getValue().bigDecimalValue().toBigInteger());
            case DOUBLE -> JSON.numberNode(BigDecimal.valueOf(value.asDouble().getValue()).toBigInteger());
            default -> anyToJson(value);
        };
    }

    private static BsonValue numberToBson(Field field, JsonNode value) {
        if (value.isTextual()) {
            // The canonical non-finite numbers; Decimal128 has them, so they stay numbers in the store.
            return switch (value.textValue()) {
                case "NaN" -> new BsonDecimal128(Decimal128.NaN);
                case "INF" -> new BsonDecimal128(Decimal128.POSITIVE_INFINITY);
                case "-INF" -> new BsonDecimal128(Decimal128.NEGATIVE_INFINITY);
                default -> throw DatablyException.invalidField(field.name(), "type", "must be a number");
            };
        }
        return decimal(field, value);
    }

    private static JsonNode numberToJson(BsonValue value) {
        if (value == null || value.isNull()) {
            return JSON.nullNode();
        }
        return switch (value.getBsonType()) {
            case DECIMAL128 -> {
                Decimal128 d = value.asDecimal128().getValue();
                if (d.isNaN()) {
                    yield JSON.textNode("NaN");
                }
                if (d.isInfinite()) {
                    yield JSON.textNode(d.isNegative() ? "-INF" : "INF");
                }
                yield DecimalNode.valueOf(d.bigDecimalValue());
            }
            case DOUBLE -> {
                double d = value.asDouble().getValue();
                if (Double.isNaN(d)) {
                    yield JSON.textNode("NaN");
                }
                if (Double.isInfinite(d)) {
                    yield JSON.textNode(d < 0 ? "-INF" : "INF");
                }
                yield DecimalNode.valueOf(BigDecimal.valueOf(d));
            }
            case INT32 -> DecimalNode.valueOf(BigDecimal.valueOf(value.asInt32().getValue()));
            case INT64 -> DecimalNode.valueOf(BigDecimal.valueOf(value.asInt64().getValue()));
            default -> anyToJson(value);
        };
    }

    private static BsonValue decimal(Field field, JsonNode value) {
        if (value == null || value.isNull()) {
            return BsonNull.VALUE;
        }
        return decimal128(field, value.decimalValue());
    }

    private static BsonValue decimal128(Field field, BigDecimal value) {
        try {
            return new BsonDecimal128(new Decimal128(value));
        } catch (NumberFormatException e) {
            throw DatablyException.invalidField(field.name(), "range",
                    "cannot be stored exactly in MongoDB (Decimal128 holds 34 significant digits)");
        }
    }

    /**
     * Why MongoDB cannot hold a canonical value: a number (itself, or within a JSON value) beyond a long that
     * Decimal128 cannot represent exactly (34 significant digits, exponents -6176 to 6111); null when it can.
     */
    static String limit(Field field, JsonNode value) {
        if (value.isNumber()) {
            if (value.isIntegralNumber() && value.bigIntegerValue().compareTo(LONG_MIN) >= 0
                    && value.bigIntegerValue().compareTo(LONG_MAX) <= 0) {
                return null;
            }
            if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
                return null;
            }
            try {
                new Decimal128(value.decimalValue());
                return null;
            } catch (NumberFormatException e) {
                return "cannot be stored exactly in MongoDB (Decimal128: 34 significant digits, exponents -6176 to "
                        + "6111)";
            }
        }
        for (JsonNode item : value) {
            String why = limit(field, item);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** Free-form JSON: integers stay integers, decimals go to Decimal128 so no digit is lost to a double. */
    private static BsonValue anyToBson(Field field, JsonNode value) {
        switch (value.getNodeType()) {
            case NULL, MISSING:
                return BsonNull.VALUE;
            case BOOLEAN:
                return BsonBoolean.valueOf(value.booleanValue());
            case STRING:
                return new BsonString(value.textValue());
            case NUMBER:
                if (value.isInt() || value.isShort()) {
                    return new BsonInt32(value.intValue());
                }
                if (value.isIntegralNumber()) {
                    return integerToBson(field, value);
                }
                if ((value.isDouble() || value.isFloat()) && !Double.isFinite(value.doubleValue())) {
                    return new BsonDouble(value.doubleValue());
                }
                return decimal128(field, value.decimalValue());
            case ARRAY:
                BsonArray array = new BsonArray();
                value.forEach(item -> array.add(anyToBson(field, item)));
                return array;
            case OBJECT:
                BsonDocument document = new BsonDocument();
                for (Map.Entry<String, JsonNode> entry : value.properties()) {
                    document.append(entry.getKey(), anyToBson(field, entry.getValue()));
                }
                return document;
            default:
                // BINARY and POJO nodes never come out of the JSON parser; text keeps them round-trippable enough.
                return new BsonString(value.asText());
        }
    }

    private static JsonNode anyToJson(BsonValue value) {
        return switch (value.getBsonType()) {
            case NULL, UNDEFINED -> JSON.nullNode();
            case BOOLEAN -> JSON.booleanNode(value.asBoolean().getValue());
            case STRING -> JSON.textNode(value.asString().getValue());
            case INT32 -> JSON.numberNode(value.asInt32().getValue());
            case INT64 -> JSON.numberNode(value.asInt64().getValue());
            case DOUBLE -> JSON.numberNode(value.asDouble().getValue());
            case DECIMAL128 -> {
                Decimal128 d = value.asDecimal128().getValue();
                if (d.isNaN() || d.isInfinite()) {
                    yield JSON.numberNode(d.doubleValue());
                }
                BigDecimal decimal = d.bigDecimalValue();
                // Scale 0 came from a JSON integer beyond long (a decimal literal always has a fraction or exponent).
                yield decimal.scale() == 0 ? JSON.numberNode(decimal.toBigInteger()) : DecimalNode.valueOf(decimal);
            }
            case ARRAY -> {
                ArrayNode array = JSON.arrayNode();
                value.asArray().forEach(item -> array.add(anyToJson(item)));
                yield array;
            }
            case DOCUMENT -> {
                ObjectNode object = JSON.objectNode();
                value.asDocument().forEach((key, item) -> object.set(key, anyToJson(item)));
                yield object;
            }
            case OBJECT_ID -> JSON.textNode(value.asObjectId().getValue().toHexString());
            default -> JSON.textNode(value.toString());
        };
    }

    /** A v2 {@code list} field's item type ({@code itemType}, default string). */
    private static FieldType listItemType(Field field) {
        JsonNode itemType = field.descriptor() == null ? null : field.descriptor().get("itemType");
        return itemType == null ? FieldType.STRING : FieldType.fromJsonName(itemType.asText()).orElse(FieldType.ANY);
    }
}
