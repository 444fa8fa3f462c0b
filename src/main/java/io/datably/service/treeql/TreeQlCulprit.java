package io.datably.service.treeql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ProblemItem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which item of a refused array create broke the store's integrity (a foreign key with no target, a duplicate, a
 * missing required value), so TreeQL can answer 424 with one result per item as PHP-CRUD-API does. The batch is one
 * statement (nothing was written); the store names the offending values, not the row, so the item is found by them.
 */
final class TreeQlCulprit {
    /** The values in the foreign-key message of PgErrors and ReferenceChecker: {@code has [99] (foreign key}. */
    private static final Pattern REFERENCED = Pattern.compile(" has \\[(.*)] \\(foreign key ");
    private static final Pattern INDEXED = Pattern.compile("^\\[(\\d+)]\\.");

    private TreeQlCulprit() {
    }

    /**
     * The 424 naming the failing item when the failure is an integrity error (TreeQL's 409s); any other failure is
     * answered as it is. An item that cannot be told apart: every item carries the error.
     */
    static RuntimeException failed(DatablyException e, List<ObjectNode> items, String table) {
        TreeQlError error = TreeQlError.of(e, table, "", "create");
        if (error.status() != 409) {
            return e;
        }
        int culprit = index(e, items);
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < items.size(); i++) {
            results.add(culprit < 0 || culprit == i ? error.json()
                    : JsonNodeFactory.instance.objectNode().put("code", 0).put("message", "Success"));
        }
        return new TreeQlItemsFailed(results);
    }

    private static int index(DatablyException e, List<ObjectNode> items) {
        List<String> fields = new ArrayList<>();
        for (ProblemItem problem : e.errors()) {
            Matcher indexed = INDEXED.matcher(problem.field());
            if (indexed.find()) {
                return Integer.parseInt(indexed.group(1));
            }
            fields.add(problem.field());
        }
        Matcher referenced = REFERENCED.matcher(e.getMessage() == null ? "" : e.getMessage());
        String values = referenced.find() ? referenced.group(1) : null;
        for (int i = 0; i < items.size(); i++) {
            ObjectNode item = items.get(i);
            if (values != null ? matches(item, fields, values)
                    : e.errors().stream().allMatch(p -> p.code().equals("required")) && !e.errors().isEmpty()
                    && fields.stream().anyMatch(f -> item.path(f).isMissingNode() || item.path(f).isNull())) {
                return i;
            }
        }
        return -1;
    }

    /** The item's values of the fields, as PostgreSQL prints them ({@code 99, abc}) or as JSON ({@code 99, "abc"}). */
    private static boolean matches(ObjectNode item, List<String> fields, String values) {
        if (fields.isEmpty()) {
            return false;
        }
        List<String> text = new ArrayList<>();
        List<String> json = new ArrayList<>();
        for (String field : fields) {
            JsonNode value = item.path(field);
            if (value.isMissingNode() || value.isNull()) {
                return false;
            }
            text.add(value.asText());
            json.add(value.toString());
        }
        return values.equals(String.join(", ", text)) || values.equals(String.join(", ", json));
    }
}
