package io.datably.provider.mongo;

import io.datably.query.plan.BoundSearch;
import io.datably.schema.model.Field;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonString;

/**
 * Full-text search without {@code $text} (which needs a text index per collection and is missing on the test
 * server): every term must occur, case-insensitively, in at least one searched field, and no excluded term in any.
 * Terms follow web-search syntax: words split on whitespace, {@code "quoted phrases"} kept together, a leading
 * {@code -} excludes. Matching is by substring (no stemming, no stop words, unlike PostgreSQL), and there is no
 * relevance: results keep the ordering given (at least the primary-key tiebreak) rather than a rank.
 */
final class MongoSearch {
    private MongoSearch() {
    }

    /** One term of the search: its words, and whether it excludes. */
    record Term(List<String> words, boolean excluded) {
    }

    /** The filter for a search, or null when there is nothing to search for. */
    static BsonDocument compile(BoundSearch search, MongoRecords records) {
        if (search == null) {
            return null;
        }
        List<BsonDocument> filters = new ArrayList<>();
        for (Term term : terms(search.terms())) {
            BsonDocument anyField = MongoFilterCompiler.or(search.fields().stream()
                    .map(field -> contains(records, field, term)).toList());
            filters.add(term.excluded() ? MongoFilterCompiler.nor(anyField) : anyField);
        }
        return filters.isEmpty() ? null : MongoFilterCompiler.and(filters);
    }

    /** The terms of web-search syntax; an unclosed quote runs to the end. */
    static List<Term> terms(String text) {
        List<Term> terms = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            if (Character.isWhitespace(text.charAt(i))) {
                i++;
                continue;
            }
            boolean excluded = text.charAt(i) == '-';
            if (excluded) {
                i++;
            }
            int end;
            String body;
            if (i < text.length() && text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                end = close < 0 ? text.length() : close + 1;
                body = text.substring(i + 1, close < 0 ? text.length() : close);
            } else {
                end = i;
                while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                body = text.substring(i, end);
            }
            List<String> words = List.of(body.trim().split("\\s+"));
            if (!body.isBlank()) {
                terms.add(new Term(words, excluded));
            }
            i = end;
        }
        return terms;
    }

    /** The words in order, any run of whitespace between them, anywhere in the field, ignoring case. */
    private static BsonDocument contains(MongoRecords records, Field field, Term term) {
        String pattern = String.join("\\s+", term.words().stream().map(MongoPatterns::literal).toList());
        return new BsonDocument(records.path(field.name()), new BsonDocument("$regex", new BsonString(pattern))
                .append("$options", new BsonString("i")));
    }
}
