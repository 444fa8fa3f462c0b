package io.datably.provider.sql;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** JSON nodes built for SQL parameters keep numbers exactly as they are. */
final class Json {
    static final JsonNodeFactory FACTORY = JsonNodeFactory.withExactBigDecimals(true);

    private Json() {
    }
}
