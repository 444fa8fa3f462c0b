package io.datably.schema.validate;

import io.datably.schema.model.TableSchema;
import java.util.List;

/** The outcome of parsing a descriptor: a schema when valid, otherwise every problem found (schema is null). */
public record SchemaParseResult(TableSchema schema, List<SchemaProblem> problems) {

    public SchemaParseResult {
        problems = List.copyOf(problems);
    }

    /** True when the descriptor had no problems. */
    public boolean valid() {
        return problems.isEmpty();
    }
}
