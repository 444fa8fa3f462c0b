package io.datably.query.plan;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.schema.model.SearchConfig;

/** Binds {@code search=} to the table's {@link SearchConfig}, when the provider can search. */
final class SearchSettings {
    private static final int MAX_TERMS_LENGTH = 1000;

    private SearchSettings() {
    }

    static BoundSearch bind(String terms, QueryPlanner.Target target, boolean ranked) {
        if (terms == null || terms.isBlank()) {
            return null;
        }
        if (!target.capabilities().fullTextSearch()) {
            throw new DatablyException(ErrorCode.UNSUPPORTED_BY_PROVIDER, "Parameter 'search': full-text search is "
                    + "not supported by the " + target.providerType() + " provider", java.util.List.of(
                    new io.datably.error.ProblemItem("search", "unsupported", "not supported by this provider")));
        }
        if (terms.length() > MAX_TERMS_LENGTH) {
            throw DatablyException.invalidParameter("search", "at most " + MAX_TERMS_LENGTH + " characters");
        }
        if (terms.indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold it (a 500 there); one rule keeps the providers alike, as for filters.
            throw DatablyException.invalidParameter("search", "contains the NUL character (\\u0000), which no "
                    + "stored value can hold");
        }
        SearchConfig config = SearchConfig.of(target.schema());
        if (config.fields().isEmpty()) {
            throw DatablyException.invalidParameter("search", "this table has no string fields to search");
        }
        return new BoundSearch(terms.strip(), config.fields(), config.language(), ranked);
    }
}
