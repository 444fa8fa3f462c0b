package io.datably.service.hierarchy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.traversal.Hierarchy;
import java.util.HashMap;
import java.util.Map;

/**
 * Nests a walk's flat answer (depth order, ordered within a level, each record with its {@code path} from its start)
 * into trees: each record goes into the {@code children} of the record whose path is its own less the last key, so
 * siblings keep the answer's order. {@code path} is dropped from the nodes (the nesting says it); {@code depth} and
 * {@code is_leaf} stay.
 */
final class TreeNesting {
    static final String CHILDREN = "children";

    private TreeNesting() {
    }

    /** The trees, one per start, in the answer's order. */
    static ArrayNode nest(JsonNode flat) {
        ArrayNode roots = JsonNodeFactory.instance.arrayNode();
        Map<String, ArrayNode> childrenByPath = new HashMap<>();
        for (JsonNode record : flat) {
            ObjectNode node = ((ObjectNode) record).deepCopy();
            ArrayNode path = (ArrayNode) node.remove(Hierarchy.PATH);
            ArrayNode children = node.putArray(CHILDREN);
            childrenByPath.put(path.toString(), children);
            if (path.size() == 1) {
                roots.add(node);
                continue;
            }
            ArrayNode above = path.deepCopy();
            above.remove(above.size() - 1);
            ArrayNode siblings = childrenByPath.get(above.toString());
            if (siblings != null) {
                siblings.add(node);
            }
        }
        return roots;
    }

    /** How many nodes the trees hold. */
    static long size(ArrayNode trees) {
        long n = 0;
        for (JsonNode node : trees) {
            n += 1 + size((ArrayNode) node.get(CHILDREN));
        }
        return n;
    }
}
