package io.datably.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into RFC 9457 problem+json with a stable code; a 500 is logged, never explained. */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response datably(DatablyException e) {
        // A store's failure that says it is out (unreachable, restarting): 503, to be sent again (Outages).
        Optional<DatablyException> out = e.code().status() >= 500 && e.code().status() != 503
                ? Outages.answer(e) : Optional.empty();
        if (out.isPresent()) {
            return datably(out.get());
        }
        // 503s (a pool exhausted, the policy decision point down) are logged where they arise and say when to retry.
        if (e.code().status() >= 500 && e.code().status() != 503) {
            // A provider's or the service's own failure: its text (PostgreSQL's, MongoDB's) stays in the log.
            String incident = Incidents.log(e.code().code() + " " + e.getMessage(), e);
            Response response = problem(e.code(), Incidents.detail(incident), List.of());
            body(response).put("incident", incident);
            return response;
        }
        Response response = problem(e.code(), e.getMessage(), e.errors());
        body(response).putAll(e.extensions());
        if (e.retryAfter() != null) {
            response.getHeaders().putSingle("Retry-After", e.retryAfter());
        }
        return response;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Response response) {
        return (Map<String, Object>) response.getEntity();
    }

    /**
     * Quarkus registers its own mapper for MismatchedInputException (the parent of unknown-property and wrong-kind
     * errors); being closer to the thrown type, it would win over {@link #jsonMapping} and answer non-problem JSON.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return jsonMapping(e);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return malformed(e);
        }
        String path = jsonPath(e.getPath());
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path.isEmpty() ? u.getPropertyName() : path;
            return problem(ErrorCode.INVALID_FIELD, "Unknown field '" + field + "'",
                    List.of(new ProblemItem(field, "unknown_field", "is not a known field")));
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            String expected = e instanceof MismatchedInputException m && m.getTargetType() != null
                    ? describe(m.getTargetType()) : "another type";
            String field = path.isEmpty() ? "body" : path;
            String detail = path.isEmpty() ? "The request body must be " + expected
                    : "Field '" + field + "' must be " + expected;
            return problem(ErrorCode.INVALID_FIELD, detail,
                    List.of(new ProblemItem(field, "type", "must be " + expected)));
        }
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response jsonProcessing(JsonProcessingException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonMappingException m) {
            return jsonMapping(m);
        }
        if (e.getCause() instanceof JsonProcessingException p) {
            return malformed(p);
        }
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status < 500 ? ErrorCode.MALFORMED_BODY : ErrorCode.INTERNAL;
        };
        String detail = status == 404 ? "No such resource" : e.getMessage();
        String incident = status >= 500 ? Incidents.log("Unhandled server error", e) : null;
        Map<String, Object> body = body(code, status, incident == null ? detail : Incidents.detail(incident),
                List.of());
        if (incident != null) {
            body.put("incident", incident);
        }
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }

    /**
     * A body sent without Content-Length (chunked) is counted while it is read: over
     * {@code quarkus.http.limits.max-body-size} the stream has already answered 413 (without a body) and closed.
     * A client's mistake, not an error of the service: not logged as one.
     */
    @ServerExceptionMapper
    public Response unreadable(java.io.IOException e) {
        if ("Request too large".equals(e.getMessage())) {
            return problem(ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than the limit", List.of());
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        Optional<DatablyException> out = Outages.answer(e);
        if (out.isPresent()) {
            return datably(out.get());
        }
        // A unique constraint that a use case did not translate (the use cases name the field themselves).
        if (UniqueViolation.in(e)) {
            LOG.debug("Unique violation not translated by its use case", e);
            return problem(ErrorCode.DUPLICATE, "Already exists: a concurrent request took the same name; send the "
                    + "request again to see it", List.of());
        }
        String incident = Incidents.log("Unhandled error", e);
        Response response = problem(ErrorCode.INTERNAL, Incidents.detail(incident), List.of());
        body(response).put("incident", incident);
        return response;
    }

    private static Response malformed(JsonProcessingException e) {
        String location = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return problem(ErrorCode.MALFORMED_BODY, "The request body is not valid JSON" + location + ": "
                + jacksonText(e), List.of());
    }

    /**
     * Jackson's own words for a syntax error, less the Java it names: the type a value was bound as
     * ({@code (bound as `com.fasterxml.jackson.databind.JsonNode`)}), types in backquotes, its feature flags.
     */
    static String jacksonText(JsonProcessingException e) {
        String text = String.valueOf(e.getOriginalMessage());
        if (text.startsWith("Trailing token")) {
            return "more content follows the JSON value";
        }
        return text.replaceAll("\\s*\\(bound as `[^`]*`\\)", "")
                .replaceAll("`[A-Za-z_$][\\w$]*(?:\\.[\\w$]+)+(?:<[^`]*>)?`", "a value");
    }

    public static Response problem(ErrorCode code, String detail, List<ProblemItem> errors) {
        return Response.status(code.status()).type(PROBLEM_JSON)
                .entity(body(code, code.status(), detail, errors)).build();
    }

    /** The problem document of an exception, for answers written below JAX-RS (the HTTP layer's own checks). */
    public static Map<String, Object> document(DatablyException e) {
        Map<String, Object> body = body(e.code(), e.code().status(), e.getMessage(), e.errors());
        body.putAll(e.extensions());
        return body;
    }

    /** The same, with the status of the HTTP answer when the code's own differs (a 411 reported as DS101). */
    public static Map<String, Object> document(ErrorCode code, int status, String detail) {
        return body(code, status, detail, List.of());
    }

    private static Map<String, Object> body(ErrorCode code, int status, String detail, List<ProblemItem> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "https://datably.io/problems/" + code.code());
        body.put("title", code.title());
        body.put("status", status);
        body.put("code", code.code());
        body.put("detail", detail);
        body.put("errors", errors);
        return body;
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase();
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        // Request bodies and nested objects (records of the service, maps, ObjectNode): never a Java class name.
        return "a JSON object";
    }
}
