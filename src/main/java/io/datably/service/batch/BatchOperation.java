package io.datably.service.batch;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One operation of a batch, as the body lists it (README "Atomic batches"):
 * {@code {"op": "create"|"update"|"replace"|"upsert"|"delete", "table": name, ...}} with, by op, {@code record} (an
 * object) or {@code records} (an array) for create and upsert, {@code pk} and {@code record} for update and replace,
 * {@code pk} (and {@code purge}) for delete, {@code on_conflict} for upsert. {@code pk} is the key as the URL writes it
 * ({@code "7"}, {@code "a,b"}; a JSON integer is taken as its text).
 *
 * @param body       the {@code record} or {@code records} member, as the single-record endpoint's body; null for delete
 * @param onConflict the upsert's conflict fields as the {@code on_conflict} parameter gives them (empty: the key)
 */
public record BatchOperation(int index, String op, String table, String pk, JsonNode body, List<String> onConflict,
                             boolean purge) {

    /** The members each op takes besides {@code op} and {@code table}. */
    private static final Map<String, Set<String>> MEMBERS = Map.of(
            "create", Set.of("record", "records"),
            "update", Set.of("pk", "record"),
            "replace", Set.of("pk", "record"),
            "upsert", Set.of("record", "records", "on_conflict"),
            "delete", Set.of("pk", "purge"));

    /** Where this operation's culprits are named: {@code operations[i]}. */
    public String path() {
        return "operations[" + index + "]";
    }

    /** Whether the body is an array of records (named {@code records}) rather than one ({@code record}). */
    public boolean many() {
        return body != null && body.isArray();
    }

    /**
     * The operations of a batch body, every structural problem named ({@code operations}, {@code operations[i].op},
     * {@code operations[i].<member>}) in one 400, before anything is looked up; at most {@code max} of them.
     */
    static List<BatchOperation> parse(JsonNode body, int max) {
        if (body == null || !body.isObject()) {
            throw invalid(List.of(new ProblemItem("operations", "required",
                    "the body is an object {\"operations\": [ ... ]}")), null);
        }
        List<ProblemItem> problems = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("operations")) {
                problems.add(new ProblemItem(name, "unknown_field", "a batch body has only \"operations\""));
            }
        });
        JsonNode list = body.get("operations");
        if (list == null || !list.isArray()) {
            problems.add(new ProblemItem("operations", "required", "must be an array of operations"));
            throw invalid(problems, null);
        }
        if (list.isEmpty()) {
            problems.add(new ProblemItem("operations", "empty", "must list at least one operation"));
        }
        if (list.size() > max) {
            problems.add(new ProblemItem("operations", "too_many", "at most " + max + " operations per batch "
                    + "(datably.batch.max-operations); got " + list.size()));
        }
        if (!problems.isEmpty()) {
            throw invalid(problems, null);
        }
        List<BatchOperation> operations = new ArrayList<>();
        Integer first = null;
        for (int i = 0; i < list.size(); i++) {
            int before = problems.size();
            BatchOperation operation = parse(i, list.get(i), problems);
            if (problems.size() > before && first == null) {
                first = i;
            }
            operations.add(operation);
        }
        if (!problems.isEmpty()) {
            throw invalid(problems, first);
        }
        return operations;
    }

    private static BatchOperation parse(int i, JsonNode node, List<ProblemItem> problems) {
        String path = "operations[" + i + "]";
        if (node == null || !node.isObject()) {
            problems.add(new ProblemItem(path, "invalid", "an operation is an object {\"op\", \"table\", ...}"));
            return null;
        }
        JsonNode opNode = node.get("op");
        String op = opNode != null && opNode.isTextual() ? opNode.asText() : null;
        if (op == null || !MEMBERS.containsKey(op)) {
            problems.add(new ProblemItem(path + ".op", op == null ? "required" : "unknown_op",
                    "must be one of create, update, replace, upsert, delete"
                            + (op == null ? "" : "; got '" + DatablyException.abbreviate(op) + "'")));
            return null;
        }
        JsonNode tableNode = node.get("table");
        if (tableNode == null || !tableNode.isTextual() || tableNode.asText().isEmpty()) {
            problems.add(new ProblemItem(path + ".table", "required", "the name of a datatable of this datasource"));
        }
        Set<String> allowed = MEMBERS.get(op);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("op") && !name.equals("table") && !allowed.contains(name)) {
                problems.add(new ProblemItem(path + "." + name, "unknown_field", "a " + op + " takes "
                        + String.join(", ", allowed.stream().sorted().toList()) + " besides op and table"));
            }
        }
        String pk = allowed.contains("pk") ? pk(node.get("pk"), path, problems) : null;
        JsonNode body = null;
        if (allowed.contains("records")) {
            JsonNode one = node.get("record");
            JsonNode many = node.get("records");
            if ((one == null) == (many == null)) {
                problems.add(new ProblemItem(path + ".record", "required", "give either record (an object) or "
                        + "records (an array), not both"));
            } else if (one != null && !one.isObject()) {
                problems.add(new ProblemItem(path + ".record", "invalid", "must be an object (a record)"));
            } else if (many != null && !many.isArray()) {
                problems.add(new ProblemItem(path + ".records", "invalid", "must be an array of records"));
            }
            body = one != null ? one : many;
        } else if (allowed.contains("record")) {
            body = node.get("record");
            if (body == null || !body.isObject()) {
                problems.add(new ProblemItem(path + ".record", body == null ? "required" : "invalid",
                        "must be an object (a record" + (op.equals("update") ? ", or some of its fields" : "") + ")"));
            }
        }
        List<String> onConflict = List.of();
        JsonNode conflict = node.get("on_conflict");
        if (op.equals("upsert") && conflict != null && !conflict.isNull()) {
            onConflict = onConflict(conflict, path, problems);
        }
        JsonNode purge = node.get("purge");
        if (purge != null && !purge.isBoolean()) {
            problems.add(new ProblemItem(path + ".purge", "invalid", "must be true or false"));
        }
        String table = tableNode != null && tableNode.isTextual() ? tableNode.asText() : null;
        return new BatchOperation(i, op, table, pk, body, onConflict, purge != null && purge.asBoolean());
    }

    /** The key as the URL writes it: a string, or an integer taken as its text. */
    private static String pk(JsonNode pk, String path, List<ProblemItem> problems) {
        if (pk != null && pk.isTextual()) {
            return pk.asText();
        }
        if (pk != null && pk.isIntegralNumber()) {
            return pk.asText();
        }
        problems.add(new ProblemItem(path + ".pk", pk == null ? "required" : "invalid", "the record's key as in "
                + "its URL: a string (\"7\", \"a,b\" for a composite key in key order) or an integer"));
        return null;
    }

    /** {@code ["a", "b"]} or {@code "a,b"}: the on_conflict parameter's text. */
    private static List<String> onConflict(JsonNode conflict, String path, List<ProblemItem> problems) {
        if (conflict.isTextual()) {
            return List.of(conflict.asText());
        }
        List<String> names = new ArrayList<>();
        if (conflict.isArray()) {
            conflict.forEach(name -> names.add(name.isTextual() ? name.asText() : null));
        }
        if (!conflict.isArray() || names.isEmpty() || names.contains(null)) {
            problems.add(new ProblemItem(path + ".on_conflict", "invalid", "an array of field names (the primary "
                    + "key, a unique field or a unique key), or them as one string separated by ','"));
            return List.of();
        }
        return List.of(String.join(",", names));
    }

    private static DatablyException invalid(List<ProblemItem> problems, Integer index) {
        String detail = "The batch is not well formed: " + problems.get(0).field() + " " + problems.get(0).message()
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "");
        return new DatablyException(ErrorCode.INVALID_FIELD, detail, problems,
                index == null ? Map.of() : Map.of("index", index));
    }
}
