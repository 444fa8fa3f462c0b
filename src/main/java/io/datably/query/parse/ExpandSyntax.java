package io.datably.query.parse;

import io.datably.query.model.Expand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Relations to embed, as dotted paths ({@code author}, {@code comments.author}) merged into one tree, so
 * {@code comments,comments.author} embeds {@code comments} once, with {@code author} inside. First mention sets order.
 * A relation may carry a limit, {@code comments:5}; mentioning it again without one keeps it.
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
        for (String segment : names) {
            int colon = segment.indexOf(':');
            String name = colon < 0 ? segment : segment.substring(0, colon);
            if (name.isEmpty() || !name.equals(name.strip())) {
                throw culprit.error("invalid expand path " + Excerpt.of(dotted)
                        + "; write relation names joined by '.', e.g. comments.author (a limit as comments:5)");
            }
            node = node.children.computeIfAbsent(name, Node::new);
            if (colon >= 0) {
                Integer limit = limit(culprit, segment.substring(colon + 1), dotted);
                if (node.limit != null && !node.limit.equals(limit)) {
                    throw culprit.error("expand relation '" + Excerpt.of(name) + "' is given two limits");
                }
                node.limit = limit;
            }
        }
    }

    private static Integer limit(Culprit culprit, String text, String dotted) {
        if (!text.matches("[0-9]{1,9}")) {
            throw culprit.error("invalid expand limit in " + Excerpt.of(dotted)
                    + "; write a positive whole number after ':', e.g. comments:5");
        }
        return Integer.valueOf(text);
    }

    List<Expand> build() {
        return root.nested();
    }

    private static final class Node {
        final String name;
        final Map<String, Node> children = new LinkedHashMap<>();
        Integer limit;

        Node(String name) {
            this.name = name;
        }

        List<Expand> nested() {
            List<Expand> out = new ArrayList<>();
            children.values().forEach(child -> out.add(new Expand(child.name, child.limit, child.nested())));
            return out;
        }
    }
}
