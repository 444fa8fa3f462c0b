package io.datably.query.parse;

import io.datably.error.DatablyException;

/**
 * Who to blame for a syntax error: a URL parameter or a JSON path in a body. The small syntax helpers shared by the
 * URL and JSON parsers (paths, ordering keys, expand lists) take one, so each error names the culprit in the form
 * the client wrote it in.
 */
record Culprit(String name, boolean inBody) {

    /** Long names are cut: a 100k-character parameter name must not come back 100k characters long. */
    private static final int MAX_NAME = 60;

    static Culprit parameter(String name) {
        return new Culprit(Excerpt.cut(name == null ? "" : name, MAX_NAME), false);
    }

    static Culprit field(String jsonPath) {
        return new Culprit(Excerpt.cut(jsonPath, MAX_NAME * 2), true);
    }

    /** The culprit one level down in a body ({@code where} → {@code where.and}); parameters have no levels. */
    Culprit member(String key) {
        return inBody ? field(name.isEmpty() ? key : name + "." + key) : this;
    }

    /** An array element in a body ({@code where.and} → {@code where.and[1]}). */
    Culprit index(int i) {
        return inBody ? field(name + "[" + i + "]") : this;
    }

    /**
     * @param code    the rule broken, for a body's problem item ({@code type}, {@code unknown_key}, …); URL
     *                parameters all use {@code invalid}, as elsewhere in the API
     * @param message what is wrong, quoting the bad input (see {@link Excerpt})
     */
    DatablyException error(String code, String message) {
        return inBody ? DatablyException.invalidField(name, code, message)
                : DatablyException.invalidParameter(name, message);
    }

    DatablyException error(String message) {
        return error("invalid", message);
    }
}
