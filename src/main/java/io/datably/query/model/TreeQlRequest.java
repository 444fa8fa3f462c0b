package io.datably.query.model;

import java.util.List;

/**
 * A TreeQL (PHP-CRUD-API) list request, free of URL syntax: what {@code TreeQlParser} produces. Names are as the
 * client wrote them; nothing here is checked against a schema (TreeQL ignores unknown columns and relations, so the
 * caller drops them while binding).
 *
 * @param where    the combined {@code filter}, {@code filter1}, {@code filter1a}, … conditions, or null for all records
 * @param ordering {@code order} keys in the order given (empty: the caller's default, primary key ascending)
 * @param size     {@code size=N} as PHP's {@code (int)} cast reads it, or null when absent
 * @param page     the page number of {@code page=N[,SIZE]} (PHP cast, may be 0 or negative), or null when absent;
 *                 its presence also asks for the {@code results} count
 * @param pageSize the SIZE of {@code page=N,SIZE}, or null when not given (the caller defaults it to 20)
 * @param include  {@code include} entries as written ({@code a}, {@code table.column}, {@code *}); empty when absent
 * @param exclude  {@code exclude} entries as written; empty when absent
 * @param joins    one path per {@code join} parameter ({@code join=post_tags,tags} → {@code [post_tags, tags]})
 */
public record TreeQlRequest(Condition where, List<SortKey> ordering, Integer size, Integer page, Integer pageSize,
                            List<String> include, List<String> exclude, List<List<String>> joins) {
    public TreeQlRequest {
        ordering = ordering == null ? List.of() : List.copyOf(ordering);
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        joins = joins == null ? List.of() : joins.stream().map(List::copyOf).toList();
    }
}
