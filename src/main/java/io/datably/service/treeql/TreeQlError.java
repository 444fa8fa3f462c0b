package io.datably.service.treeql;

import io.datably.error.DatablyException;
import io.datably.error.Incidents;

/**
 * A failure as TreeQL reports it: HTTP status, TreeQL code and message (TREEQL.md "Errors"). The TreeQL resource
 * answers with it; multi-record writes put one per failed item in their 424 answer.
 */
public record TreeQlError(int status, int code, String message) {

    public static TreeQlError of(DatablyException e, String table, String id, String operation) {
        return switch (e.code()) {
            case NOT_FOUND -> e.getMessage().startsWith("Primary key")
                    ? new TreeQlError(404, 1023, "Primary key for table '" + table + "' not found")
                    : e.getMessage().startsWith("Datatable") || e.getMessage().contains("Datasource")
                    || e.getMessage().contains("App ") ? new TreeQlError(404, 1001, "Table '" + table + "' not found")
                    : new TreeQlError(404, 1003, "Record '" + id + "' not found");
            case DUPLICATE -> new TreeQlError(409, 1009, "Duplicate key exception");
            case FOREIGN_KEY_VIOLATION, CONFLICT -> new TreeQlError(409, 1010, "Data integrity violation");
            // A missing required value is the database's NOT NULL violation in PHP-CRUD-API.
            case RECORD_INVALID, INVALID_FIELD -> !e.errors().isEmpty() && e.errors().stream()
                    .allMatch(p -> p.code().equals("required"))
                    ? new TreeQlError(409, 1010, "Data integrity violation")
                    : new TreeQlError(422, 1013, "Input validation failed for '" + table + "'");
            case METHOD_NOT_ALLOWED -> new TreeQlError(405, 1015, "Operation '" + operation + "' not supported");
            case MALFORMED_BODY -> new TreeQlError(422, 1008, "Cannot read HTTP message");
            // The store's own text stays in the log: TreeQL's message carries the incident id alone.
            default -> e.code().status() >= 500 ? new TreeQlError(500, 9999,
                    Incidents.detail(Incidents.log(e.code().code() + " " + e.getMessage(), e)))
                    : new TreeQlError(e.code().status(), 9999, e.getMessage());
        };
    }
}
