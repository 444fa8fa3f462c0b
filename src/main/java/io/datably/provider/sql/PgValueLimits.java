package io.datably.provider.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.provider.spi.ValueLimits;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The values PostgreSQL cannot hold: numbers beyond {@code numeric} (131072 digits before the point, 16383 after;
 * jsonb numbers are numeric too, at any depth of a JSON value) and, in flat tables, integers beyond {@code bigint}.
 * Dates are within range already (the schema allows years 1 to 9999).
 */
public final class PgValueLimits {
    private static final int MAX_INTEGER_DIGITS = 131_072;
    private static final int MAX_FRACTION_DIGITS = 16_383;
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** jsonb documents: every number is a numeric. */
    public static final ValueLimits JSONB = (field, value) -> numbers(value);

    /**
     * Flat tables: integer fields are bigint columns, every other number a numeric; adopted columns read as their
     * text form (ranges, xml, inet, enums, ...: {@link PgTypes#read}) have no order.
     */
    public static final ValueLimits FLAT = new ValueLimits() {
        @Override
        public String problem(Field field, JsonNode value) {
            if (field.type() == FieldType.INTEGER && value.isNumber()) {
                BigInteger big = value.isIntegralNumber() ? value.bigIntegerValue() : null;
                if (big == null || big.compareTo(LONG_MIN) < 0 || big.compareTo(LONG_MAX) > 0) {
                    return "is beyond the range of a flat_table integer (bigint): -2^63 .. 2^63-1";
                }
                return null;
            }
            return numbers(value);
        }

        @Override
        public String unordered(Field field) {
            return PgTypes.isUnorderedTextForm(field) ? "'" + field.name() + "' is an adopted " + field.sqlType()
                    + " column, compared by its text form, which does not sort as its values do: it takes eq, ne, "
                    + "in, nin, isnull and the text operators, not ordering" : null;
        }
    };

    private PgValueLimits() {
    }

    /** The first number in {@code value} (itself, or within an array or object) that numeric cannot hold. */
    private static String numbers(JsonNode value) {
        if (value.isNumber()) {
            return numeric(value.decimalValue());
        }
        for (JsonNode item : value) {
            String why = numbers(item);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** As PostgreSQL reads the number's text: the digits written after the point count, even zeros. */
    private static String numeric(BigDecimal number) {
        if (number.scale() > MAX_FRACTION_DIGITS) {
            return "has more than " + MAX_FRACTION_DIGITS + " digits after the decimal point (PostgreSQL's numeric)";
        }
        if (number.signum() != 0 && number.precision() - number.scale() > MAX_INTEGER_DIGITS) {
            return "has more than " + MAX_INTEGER_DIGITS + " digits before the decimal point (PostgreSQL's numeric)";
        }
        return null;
    }
}
