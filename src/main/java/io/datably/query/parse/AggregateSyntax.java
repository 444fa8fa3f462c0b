package io.datably.query.parse;

import io.datably.query.model.AggregateFunction;
import io.datably.query.model.AggregateSpec;
import io.datably.query.model.DateBucket;
import io.datably.query.model.GroupKey;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The two small syntaxes both aggregate forms share: {@code sum(price)} and {@code created_at:month}. */
final class AggregateSyntax {
    private static final Pattern CALL = Pattern.compile("([A-Za-z_]+)\\((.*)\\)");

    private AggregateSyntax() {
    }

    /** {@code fn(field)} or {@code count(*)}; anything else is an error naming the culprit and the valid forms. */
    static AggregateSpec aggregate(Culprit culprit, String text) {
        Matcher call = CALL.matcher(text.strip());
        if (!call.matches()) {
            throw culprit.error("malformed aggregate " + Excerpt.of(text)
                    + "; write function(field), e.g. sum(price), or count(*)");
        }
        AggregateFunction function = function(culprit, call.group(1));
        return spec(culprit, function, call.group(2).strip());
    }

    static AggregateFunction function(Culprit culprit, String token) {
        return AggregateFunction.fromToken(token).orElseThrow(() -> culprit.error("unknown aggregate function "
                + Excerpt.of(token) + "; functions are " + Arrays.stream(AggregateFunction.values())
                .map(AggregateFunction::token).toList()));
    }

    /** {@code *} means "rows", so only count takes it. */
    static AggregateSpec spec(Culprit culprit, AggregateFunction function, String field) {
        if (field.equals("*")) {
            if (function != AggregateFunction.COUNT) {
                throw culprit.error(function.token() + "(*) is not defined; only count(*) takes '*'");
            }
            return new AggregateSpec(function, null);
        }
        return new AggregateSpec(function, PathSyntax.path(culprit, field));
    }

    /** {@code field} or {@code field:bucket}. */
    static GroupKey groupKey(Culprit culprit, String text) {
        String key = text.strip();
        int colon = key.lastIndexOf(':');
        if (colon < 0) {
            return new GroupKey(PathSyntax.path(culprit, key), null);
        }
        String token = key.substring(colon + 1);
        DateBucket bucket = DateBucket.fromToken(token).orElseThrow(() -> culprit.error("unknown date bucket "
                + Excerpt.of(token) + "; buckets are " + Arrays.stream(DateBucket.values())
                .map(DateBucket::token).toList()));
        return new GroupKey(PathSyntax.path(culprit, key.substring(0, colon)), bucket);
    }

    /** Comma-separated items, none empty. */
    static List<String> items(Culprit culprit, String value) {
        List<String> items = Arrays.asList(value.split(",", -1));
        if (items.stream().anyMatch(String::isBlank)) {
            throw culprit.error("empty item in " + Excerpt.of(value));
        }
        return items;
    }
}
