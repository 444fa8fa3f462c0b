package io.datably.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into RFC 9457 problem+json with a stable code; a 500 is logged, never explained. */
public class ProblemMapper {
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response datably(DatablyException e) {
        Map<String, Object> body = body(e.code(), e.code().status(), e.getMessage(), e.errors());
        body.putAll(e.extensions());
        Response.ResponseBuilder response = Response.status(e.code().status()).type(PROBLEM_JSON).entity(body);
        if (e.retryAfter() != null) {
            response.header("Retry-After", e.retryAfter());
        }
        return response.build();
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

    /** A datasource's base, where TreeQL clients live; its {@code datatables/} part is the native API's. */
    private static final java.util.regex.Pattern TREEQL_ROUTE =
            java.util.regex.Pattern.compile("/api/apps/[^/]+/datasources/[^/]+(/(?!datatables(/|$)).*)");

    @ServerExceptionMapper
    public Response web(WebApplicationException e, jakarta.ws.rs.core.UriInfo uri) {
        int status = e.getResponse().getStatus();
        java.util.regex.Matcher treeql = uri == null ? null : TREEQL_ROUTE.matcher(uri.getPath());
        if (status == 404 && treeql != null && treeql.matches()) {
            // Unknown routes under a datasource answer as PHP-CRUD-API does, so its clients recognise them.
            String message = "Route '" + treeql.group(1) + "' not found";
            return Response.status(404).type("application/json; charset=utf-8").entity(
                    new com.fasterxml.jackson.databind.node.ObjectNode(
                            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance)
                            .put("code", 1000).put("message", message).toString()).build();
        }
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
        if (status >= 500) {
            LOG.error("Unhandled server error", e);
        }
        String detail = status == 404 ? "No such resource"
                : status >= 500 ? "An unexpected error occurred; it has been logged" : e.getMessage();
        return Response.status(status).type(PROBLEM_JSON).entity(body(code, status, detail, List.of())).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        // Two requests creating the same slug at once: the second loses at the catalog's unique constraint.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                // PostgreSQL's detail names the catalog's own columns: not the client's business.
                return problem(ErrorCode.DUPLICATE, "Already exists: one with the same name or slug was created "
                        + "concurrently", List.of());
            }
        }
        LOG.error("Unhandled error", e);
        return problem(ErrorCode.INTERNAL, "An unexpected error occurred; it has been logged", List.of());
    }

    private static Response malformed(JsonProcessingException e) {
        String location = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return problem(ErrorCode.MALFORMED_BODY, "The request body is not valid JSON" + location + ": "
                + e.getOriginalMessage(), List.of());
    }

    public static Response problem(ErrorCode code, String detail, List<ProblemItem> errors) {
        return Response.status(code.status()).type(PROBLEM_JSON)
                .entity(body(code, code.status(), detail, errors)).build();
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
