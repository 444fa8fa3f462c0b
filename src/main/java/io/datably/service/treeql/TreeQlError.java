package io.datably.service.treeql;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.Outages;
import io.datably.error.Incidents;
import io.datably.error.ProblemItem;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure as TreeQL reports it: HTTP status, TreeQL code and message (TREEQL.md "Errors"), and for a validation
 * failure (1013) the {@code details} naming each culprit field. The TreeQL resource answers with it; multi-record
 * writes put one per failed item in their 424 answer.
 */
public record TreeQlError(int status, int code, String message, Map<String, String> details) {

    public TreeQlError {
        details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public TreeQlError(int status, int code, String message) {
        this(status, code, message, Map.of());
    }

    public static TreeQlError of(DatablyException failure, String table, String id, String operation) {
        // A store's failure that says it is out: the 503 below, not an incident (Outages).
        DatablyException e = failure.code().status() >= 500 ? Outages.answer(failure).orElse(failure) : failure;
        return switch (e.code()) {
            case NOT_FOUND -> e.getMessage().startsWith("Primary key")
                    ? new TreeQlError(404, 1023, "Primary key for table '" + table + "' not found")
                    : e.getMessage().startsWith("Datatable") || e.getMessage().contains("Datasource")
                    || e.getMessage().contains("App ") ? new TreeQlError(404, 1001, "Table '" + table + "' not found")
                    : new TreeQlError(404, 1003, "Record '" + id + "' not found");
            // Exactly PHP-CRUD-API's bodies, without details: its clients and recorded answers compare them whole
            // (conformance/treeql files 018, 044, 045). The native API names the fields of the same failures.
            case DUPLICATE -> new TreeQlError(409, 1009, "Duplicate key exception");
            case FOREIGN_KEY_VIOLATION, CONFLICT -> new TreeQlError(409, 1010, "Data integrity violation");
            // A missing required value is the database's NOT NULL violation in PHP-CRUD-API.
            case RECORD_INVALID, INVALID_FIELD -> !e.errors().isEmpty() && e.errors().stream()
                    .allMatch(p -> p.code().equals("required"))
                    ? new TreeQlError(409, 1010, "Data integrity violation")
                    : new TreeQlError(422, 1013, "Input validation failed for '" + table + "'", details(e));
            case METHOD_NOT_ALLOWED -> new TreeQlError(405, 1015, "Operation '" + operation + "' not supported");
            case MALFORMED_BODY -> new TreeQlError(422, 1008, "Cannot read HTTP message");
            // A policy's refusal, as PHP-CRUD-API's authorization middleware words it.
            case FORBIDDEN -> new TreeQlError(403, 1014, "Operation '" + operation + "' forbidden");
            // Nothing was done and the request may be sent again: not the incident a 500 is.
            case AUTHORIZATION_UNAVAILABLE, UNAVAILABLE -> new TreeQlError(503, 9999, e.getMessage());
            // The store's own text stays in the log: TreeQL's message carries the incident id alone.
            default -> e.code().status() >= 500 ? new TreeQlError(500, 9999,
                    Incidents.detail(Incidents.log(e.code().code() + " " + e.getMessage(), e)))
                    : new TreeQlError(e.code().status(), 9999, e.getMessage());
        };
    }

    /** {@code {"code", "message"}}, with {@code "details": {"field": "reason"}} when there are any. */
    public ObjectNode json() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        if (!details.isEmpty()) {
            ObjectNode fields = body.putObject("details");
            details.forEach(fields::put);
        }
        return body;
    }

    /** Each named field's first reason, as PHP-CRUD-API's validation reports them. */
    private static Map<String, String> details(DatablyException e) {
        Map<String, String> details = new LinkedHashMap<>();
        for (ProblemItem problem : e.errors()) {
            if (!problem.field().isEmpty()) {
                details.putIfAbsent(problem.field(), problem.message());
            }
        }
        return details;
    }
}
