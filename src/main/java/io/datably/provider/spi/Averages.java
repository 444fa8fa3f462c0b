package io.datably.provider.spi;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one rule for {@code avg} on every provider: the exact quotient of the sum by the count of non-null values,
 * rounded half away from zero to {@value #SCALE} decimal places, trailing zeros dropped ({@code 120}, {@code 8.75},
 * {@code 9.1666666667}). PostgreSQL computes it in SQL (numeric division carried well past the scale, then
 * {@code round} and {@code trim_scale}); MongoDB, whose {@code $avg} is a double for integers, sums exactly
 * (Int64, Decimal128) and the quotient is taken here.
 */
public final class Averages {
    public static final int SCALE = 10;

    private Averages() {
    }

    /** The average of {@code count} values summing to {@code sum}, or null without values. */
    public static BigDecimal of(BigDecimal sum, long count) {
        if (sum == null || count == 0) {
            return null;
        }
        BigDecimal average = sum.divide(BigDecimal.valueOf(count), SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
        return average.scale() < 0 ? average.setScale(0) : average;
    }
}
