package io.datably.schema.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Existing records that a new schema would break, by field and kind: {@code type}, a constraint ({@code enum},
 * {@code maximum}, ...), {@code required}, {@code unique} (duplicates), or {@code data_loss} (a removed field that
 * holds values).
 *
 * @param examples   the keys of a few of those records (their primary key values, or their whole record when the
 *                   table has no key)
 * @param repairable whether {@code allow_destructive=true} may repair it by clearing the values (or dropping the
 *                   field); a missing required value or a duplicate needs a backfill or a data fix instead
 */
public record Breakage(String field, String code, String message, long count, List<JsonNode> examples,
                       boolean repairable) {
    public Breakage {
        examples = List.copyOf(examples);
    }
}
