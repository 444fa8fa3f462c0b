package io.datably.error;

import java.util.List;
import java.util.Map;

/**
 * The one exception type the service raises on purpose; the problem+json mapper turns it into a response.
 * Factories name the situation, so call sites read as sentences.
 */
public class DatablyException extends RuntimeException {
    private final ErrorCode code;
    private final List<ProblemItem> errors;

    private final Map<String, Object> extensions;
    /** Seconds after which the request may succeed when sent again ({@code Retry-After}); null when unknown. */
    private final Integer retryAfter;

    public DatablyException(ErrorCode code, String detail, List<ProblemItem> errors) {
        this(code, detail, errors, Map.of());
    }

    /** With extension members (RFC 9457 §3.2) that the problem document carries beside the standard ones. */
    public DatablyException(ErrorCode code, String detail, List<ProblemItem> errors, Map<String, Object> extensions) {
        super(detail);
        this.code = code;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
        this.retryAfter = null;
    }

    /** With the failure behind it, which the log shows (a 5xx answer carries none of its text). */
    public DatablyException(ErrorCode code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.errors = List.of();
        this.extensions = Map.of();
        this.retryAfter = null;
    }

    private DatablyException(ErrorCode code, String detail, int retryAfter) {
        this(code, detail, Map.of(), retryAfter);
    }

    /** A 5xx to be sent again after {@code retryAfter} seconds, with extension members (an outage's dependency). */
    DatablyException(ErrorCode code, String detail, Map<String, Object> extensions, int retryAfter) {
        super(detail);
        this.code = code;
        this.errors = List.of();
        this.extensions = Map.copyOf(extensions);
        this.retryAfter = retryAfter;
    }

    public Integer retryAfter() {
        return retryAfter;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public DatablyException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public ErrorCode code() {
        return code;
    }

    public List<ProblemItem> errors() {
        return errors;
    }

    /** Client input as quoted in a message: cut after 40 characters, so a huge value cannot flood an answer. */
    public static String abbreviate(String input) {
        return input.length() > 40 ? input.substring(0, 40) + "…" : input;
    }

    public static DatablyException notFound(String what, String name) {
        return new DatablyException(ErrorCode.NOT_FOUND, what + " '" + name + "' not found");
    }

    public static DatablyException invalidParameter(String parameter, String message) {
        return new DatablyException(ErrorCode.INVALID_PARAMETER, "Parameter '" + parameter + "': " + message,
                List.of(new ProblemItem(parameter, "invalid", message)));
    }

    public static DatablyException invalidField(String field, String code, String message) {
        return new DatablyException(ErrorCode.INVALID_FIELD, "Field '" + field + "': " + message,
                List.of(new ProblemItem(field, code, message)));
    }

    public static DatablyException duplicate(String detail) {
        return new DatablyException(ErrorCode.DUPLICATE, detail);
    }

    /** A value that must be unique is taken; {@code field} names it in the request. */
    public static DatablyException duplicate(String field, String detail) {
        return new DatablyException(ErrorCode.DUPLICATE, detail, List.of(new ProblemItem(field, "duplicate",
                "is already taken")));
    }

    /**
     * A failure of the store the client cannot mend, answered without the store's own text (which can quote SQL,
     * values and names of other tables): that text travels in {@code cause}, which the incident log shows.
     */
    public static DatablyException providerError(Throwable cause) {
        return new DatablyException(ErrorCode.PROVIDER_ERROR, "The database could not carry out the request", cause);
    }

    public static DatablyException conflict(String detail) {
        return new DatablyException(ErrorCode.CONFLICT, detail);
    }

    /** Another change holds what this one needs: 409, to be sent again after {@code retryAfter} seconds. */
    public static DatablyException busy(String detail, int retryAfter) {
        return new DatablyException(ErrorCode.BUSY, detail, retryAfter);
    }

    /** The service cannot serve this now (a resource it needs is exhausted or down): 503 with Retry-After. */
    public static DatablyException unavailable(String detail, int retryAfter) {
        return new DatablyException(ErrorCode.UNAVAILABLE, detail, retryAfter);
    }

    /** The policy decision point cannot answer: 503 with Retry-After, never an allow (authorization fails closed). */
    public static DatablyException authorizationUnavailable(String detail, int retryAfter) {
        return new DatablyException(ErrorCode.AUTHORIZATION_UNAVAILABLE, detail, retryAfter);
    }
}
