package io.datably.query.parse;

import io.datably.query.model.Expand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relations to embed, as dotted paths ({@code author}, {@code comments.author}) merged into one tree, so
 * {@code comments,comments.author} embeds {@code comments} once, with {@code author} inside. First mention sets order.
 */
final class ExpandSyntax {

    /** Deeper embedding than this is surely a mistake, and the tree is built recursively. */
    static final int MAX_DEPTH = 32;

    private final Node root = new Node("");

    /** Adds one dotted path. */
    void add(Culprit culprit, String dotted) {
        String[] names = dotted.split("\\.", -1);
        if (names.length > MAX_DEPTH) {
            throw culprit.error("depth", "expand path " + Excerpt.of(dotted) + " is more than " + MAX_DEPTH
                    + " relations deep");
        }
        Node node = root;
        for (String name : names) {
            if (name.isEmpty() || !name.equals(name.strip())) {
                throw culprit.error("invalid expand path " + Excerpt.of(dotted)
                        + "; write relation names joined by '.', e.g. comments.author");
            }
            node = node.children.computeIfAbsent(name, Node::new);
        }
    }

    List<Expand> build() {
        return root.nested();
    }

    private static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();

        Node(String name) {
            this.name = name;
        }

        List<Expand> nested() {
            List<Expand> out = new ArrayList<>();
            children.values().forEach(child -> out.add(new Expand(child.name, child.nested())));
            return out;
        }
    }
}
