package io.datably.schema.validate;

/** One failed rule for one field of a record; {@code code} names the rule, e.g. "type", "required", "minimum". */
public record FieldViolation(String field, String code, String message) {
}
