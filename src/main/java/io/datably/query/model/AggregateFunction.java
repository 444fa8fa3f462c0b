package io.datably.query.model;

import java.util.Arrays;
import java.util.Optional;

/** The aggregate functions of {@code records/aggregate/}, by their URL token ({@code count_distinct}). */
public enum AggregateFunction {
    COUNT, COUNT_DISTINCT, SUM, AVG, MIN, MAX;

    public String token() {
        return name().toLowerCase();
    }

    public static Optional<AggregateFunction> fromToken(String token) {
        return Arrays.stream(values()).filter(f -> f.token().equals(token)).findFirst();
    }
}
