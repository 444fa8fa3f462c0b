package io.datably.provider.spi;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What an index is built as. The first four are PostgreSQL's access methods; {@code TEXT} is MongoDB's text index.
 * Each provider builds the ones its store offers and refuses the others with a 400 naming {@code type}.
 */
public enum IndexType {
    BTREE, HASH, GIN, BRIN, TEXT;

    /** The API's spelling: {@code btree}, {@code hash}, ... */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<IndexType> fromToken(String token) {
        return Arrays.stream(values()).filter(t -> t.token().equals(token)).findFirst();
    }

    public static String tokens() {
        return Arrays.stream(values()).map(IndexType::token).collect(Collectors.joining(", "));
    }
}
