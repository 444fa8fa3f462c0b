package io.datably.service.treeql;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * A multi-record TreeQL write refused before anything was written: one {@code {"code","message"}} per item, with
 * {@code {"code":0,"message":"Success"}} for the good ones (TreeQL answers it with 424).
 */
public final class TreeQlItemsFailed extends RuntimeException {
    private final transient ArrayNode results;

    TreeQlItemsFailed(ArrayNode results) {
        super("Some items of a multi-record write failed", null, false, false);
        this.results = results;
    }

    public ArrayNode results() {
        return results;
    }
}
