package io.datably.schema.validate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A cast record and its violations. The record holds canonical logical values; it is only complete when
 * {@link #valid()} (fields that failed to cast are left out of it).
 */
public record CastResult(ObjectNode record, List<FieldViolation> violations) {

    public CastResult {
        violations = List.copyOf(violations);
    }

    /** True when no rule failed. */
    public boolean valid() {
        return violations.isEmpty();
    }
}
