package io.datably.schema.validate;

/** One reason a schema descriptor is invalid: a JSON path into the descriptor, a snake_case rule code, a message. */
public record SchemaProblem(String path, String code, String message) {
}
