package io.datably.error;

/**
 * Stable error codes, grouped by the stage that raises them: DS1xx request, DS2xx schema,
 * DS3xx auth/tenant, DS4xx unsupported by the provider, DS5xx provider/internal. Never reuse a code.
 */
public enum ErrorCode {
    MALFORMED_BODY("DS100", 400, "Malformed request body"),
    INVALID_PARAMETER("DS101", 400, "Invalid parameter"),
    INVALID_FIELD("DS102", 400, "Invalid field in request body"),
    RECORD_INVALID("DS103", 400, "Record does not match the table schema"),
    NOT_FOUND("DS104", 404, "Not found"),
    METHOD_NOT_ALLOWED("DS105", 405, "Method not allowed"),
    UNSUPPORTED_MEDIA_TYPE("DS106", 415, "Unsupported media type"),
    NOT_ACCEPTABLE("DS107", 406, "Not acceptable"),
    PAYLOAD_TOO_LARGE("DS108", 413, "Request body too large"),
    RATE_LIMITED("DS109", 429, "Too many requests"),
    DUPLICATE("DS110", 409, "Duplicate"),
    FOREIGN_KEY_VIOLATION("DS111", 409, "Foreign key violation"),
    CONFLICT("DS112", 409, "Conflict"),
    SCHEMA_CHANGED("DS113", 409, "Schema changed during the request"),
    BUSY("DS114", 409, "Another change is running"),
    INVALID_SCHEMA("DS200", 400, "Invalid table schema"),
    SCHEMA_NOT_STORABLE("DS201", 400, "Schema cannot be stored by this provider"),
    INVALID_TENANT("DS300", 400, "Invalid tenant"),
    UNAUTHENTICATED("DS301", 401, "Authentication required"),
    FORBIDDEN("DS302", 403, "Forbidden"),
    UNSUPPORTED_BY_PROVIDER("DS400", 400, "Not supported by the provider"),
    PROVIDER_NOT_CONFIGURED("DS401", 400, "Provider not configured"),
    PROVIDER_ERROR("DS500", 500, "Provider error"),
    INTERNAL("DS501", 500, "Internal error"),
    AUTHORIZATION_UNAVAILABLE("DS502", 503, "Authorization unavailable"),
    UNAVAILABLE("DS503", 503, "Service unavailable");

    private final String code;
    private final int status;
    private final String title;

    ErrorCode(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
