package io.datably.error;

/** One entry of a problem's {@code errors} list: which field (or parameter, or JSON path), which rule, why. */
public record ProblemItem(String field, String code, String message) {
}
