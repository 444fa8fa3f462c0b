package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.provider.spi.IndexInfo;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An index as the API shows it. {@code where} is the predicate as SQL text (PostgreSQL) or a filter document
 * (MongoDB); {@code definition} is PostgreSQL's {@code CREATE INDEX} or MongoDB's key document; {@code managed}
 * indexes belong to the schema (or were made outside Datably) and cannot be dropped here.
 */
public record IndexView(String name, String type, List<String> fields, boolean unique,
                        @Schema(description = "the predicate: SQL text on PostgreSQL, a filter document on MongoDB; "
                                + "null for a full index", oneOf = {String.class, Object.class}) JsonNode where,
                        @Schema(description = "PostgreSQL's CREATE INDEX text, or MongoDB's key document",
                                oneOf = {String.class, Object.class}) JsonNode definition,
                        boolean managed, boolean valid) {

    static IndexView of(IndexInfo info) {
        return new IndexView(info.name(), info.type(), info.fields(), info.unique(), info.where(), info.definition(),
                info.managed(), info.valid());
    }
}
