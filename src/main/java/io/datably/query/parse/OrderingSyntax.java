package io.datably.query.parse;

import io.datably.query.model.SortKey;
import java.util.ArrayList;
import java.util.List;

/** Ordering keys as DRF writes them, {@code -age,name}, plus PostgREST's null placement: {@code -age:nullslast}. */
final class OrderingSyntax {

    private OrderingSyntax() {
    }

    /** A comma-separated list ({@code ordering=-age,author__name}); field names cannot contain commas. */
    static List<SortKey> list(Culprit culprit, String value) {
        List<SortKey> keys = new ArrayList<>();
        for (String item : value.split(",", -1)) {
            keys.add(key(culprit, item.strip(), value));
        }
        return keys;
    }

    /**
     * One key: optional {@code -}, a {@code __} path, optional {@code :nullsfirst} / {@code :nullslast}.
     *
     * @param whole the whole value the key came from, quoted in errors so the client can find it
     */
    static SortKey key(Culprit culprit, String key, String whole) {
        if (key.isEmpty()) {
            throw culprit.error("empty ordering key in " + Excerpt.of(whole));
        }
        boolean descending = key.startsWith("-");
        String rest = descending ? key.substring(1) : key;
        SortKey.Nulls nulls = SortKey.Nulls.DEFAULT;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            nulls = switch (rest.substring(colon + 1)) {
                case "nullsfirst" -> SortKey.Nulls.FIRST;
                case "nullslast" -> SortKey.Nulls.LAST;
                default -> throw culprit.error("unknown suffix in ordering key " + Excerpt.of(key)
                        + "; the only suffixes are :nullsfirst and :nullslast");
            };
            rest = rest.substring(0, colon);
        }
        // '+' is what a URL's unencoded '+' or a second '-' would leave here: a typo, not a field name.
        if (rest.startsWith("-") || rest.startsWith("+") || rest.isBlank() || !rest.equals(rest.strip())) {
            throw culprit.error("invalid ordering key " + Excerpt.of(key)
                    + "; write field, -field (descending), optionally followed by :nullsfirst or :nullslast");
        }
        return new SortKey(PathSyntax.path(culprit, rest), descending, nulls);
    }
}
