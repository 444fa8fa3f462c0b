package io.datably.query.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The filter operators of the native API (API.md), by their URL token. */
public enum Op {
    EQ, NE, GT, GTE, LT, LTE, IN, NIN, RANGE, ISNULL,
    EXACT, IEXACT, CONTAINS, ICONTAINS, STARTSWITH, ISTARTSWITH, ENDSWITH, IENDSWITH,
    LIKE, ILIKE, REGEX, IREGEX,
    YEAR, MONTH, DAY, DATE,
    HAS, HASANY, HASALL, HASKEY;

    private static final Map<String, Op> BY_TOKEN = Arrays.stream(values())
            .collect(Collectors.toMap(Op::token, Function.identity()));

    /** The lowercase token used in URLs ({@code age__gte}) and JSON ({@code "op": "gte"}). */
    public String token() {
        return name().toLowerCase();
    }

    public static Optional<Op> fromToken(String token) {
        return Optional.ofNullable(BY_TOKEN.get(token));
    }

    /** Operators whose value is a list ({@code in}, {@code nin}, {@code range}, {@code hasany}, {@code hasall}). */
    public boolean takesList() {
        return this == IN || this == NIN || this == RANGE || this == HASANY || this == HASALL;
    }
}
