package io.datably.api;

import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * The error answers of the generic API description ({@link ApiContract}): the ones every operation of a kind gives,
 * and their bodies, problem+json natively and TreeQL's {@code {"code","message"}} under TreeQL.
 */
final class ErrorAnswers {
    private ErrorAnswers() {
    }

    /** Every 4xx and 5xx the resources declare without a body gets the error body of its API. */
    static void bodies(Operation operation) {
        if (operation.getResponses() == null || operation.getResponses().getAPIResponses() == null) {
            return;
        }
        boolean treeQl = ApiContract.treeQl(operation);
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                errorBody(response, treeQl && !BearerTokens.SECURITY_ANSWERS.containsKey(status));
            }
            if (treeQl && ("400".equals(status) || "403".equals(status) || "503".equals(status))) {
                // The service's guards (security, path and text checks) answer problem+json before TreeQL runs;
                // TreeQL's own checks, policies and stores answer TreeQL's error.
                response.getContent().addMediaType(ApiContract.PROBLEM_JSON, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(ApiContract.PROBLEM)));
                response.getContent().addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(ApiContract.TREEQL_ERROR)));
            }
        });
    }

    /**
     * The errors every operation of a kind answers, where its resource does not say more: a path names things that
     * may not exist and a page may be past the last (404), records live in a table that may not be materialized
     * (409), parameters and bodies may be invalid (400), a JSON body may come as another type (415).
     */
    static void usual(String path, PathItem.HttpMethod method, Operation operation) {
        boolean treeQl = ApiContract.treeQl(operation);
        boolean pathParameters = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.PATH);
        boolean queryParameters = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> p.getIn() == Parameter.In.QUERY);
        boolean body = operation.getRequestBody() != null;
        if (pathParameters) {
            declare(operation, "404", treeQl ? "1001: no such table (or record, column)"
                    : "DS104: no such app, datasource, datatable or record (named)");
        }
        if (!treeQl && operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "page".equals(p.getName()))) {
            declare(operation, "404", "DS104: a page past the last (named page), or no such app, datasource, ...");
        }
        if (path.contains("/datatables/{table}/records") || path.contains("/datatables/{table}/graph/")) {
            declare(operation, "409", "DS112: the datatable is not materialized (or a key, named, would be broken)");
        }
        if (treeQl && path.contains("/records/{table}") && method != PathItem.HttpMethod.GET) {
            declare(operation, "409", "1009: a duplicate key; 1010: a broken reference");
            declare(operation, "422", "1013: a record the table refuses (details per column); 1008: an unreadable "
                    + "body; 1002: as many records as keys are needed");
            if (!operation.getResponses().hasAPIResponse("424")) {
                operation.getResponses().addAPIResponse("424", OASFactory.createAPIResponse().description("An "
                        + "item of a multi-record write failed: nothing was written; one result per item, its "
                        + "{code, message} for the ones that failed").content(OASFactory.createContent()
                        .addMediaType("application/json", OASFactory.createMediaType().schema(OASFactory
                                .createSchema().type(List.of(Schema.SchemaType.ARRAY)).items(OASFactory
                                        .createSchema().description("The item's result, or its error"))))));
            }
        }
        if (treeQl) {
            declare(operation, "400", "A path segment, parameter or text the service refuses before TreeQL runs "
                    + "(problem+json, DS100/DS101), or one TreeQL refuses (its error)");
        }
        if (!treeQl && (queryParameters || body)) {
            declare(operation, "400", "DS100-DS103: an invalid parameter, body or value, named in errors");
        }
        if (body) {
            declare(operation, "413", "DS108: the body is over the limit (README \"Limits\")");
        }
        boolean recordWrite = method != PathItem.HttpMethod.GET && (path.contains("/datatables/{table}/records")
                && !path.endsWith("/query") && !path.endsWith("/aggregate") || treeQl && path.contains("/records/{table}"));
        if (recordWrite) {
            declare(operation, "405", treeQl ? "1015: the table is a read-only view"
                    : "DS105: the datatable is a read-only view (adopted)");
        }
        declare(operation, "500", "DS500: an internal failure no rule translates; the answer carries an incident id "
                + "the service's log holds the failure under");
        if (!treeQl && body && operation.getRequestBody().getContent() != null
                && operation.getRequestBody().getContent().hasMediaType("application/json")) {
            declare(operation, "415", "DS106: a body of another Content-Type than the operation reads");
        }
    }

    private static void declare(Operation operation, String status, String description) {
        if (operation.getResponses().getAPIResponse(status) == null) {
            operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        }
    }

    /**
     * An operation whose success has no body (a 204) declares its errors without a media type: a generated client
     * sends the media types an operation declares as its Accept, and problem+json alone is refused 406 by the native
     * API (it produces application/json) before the operation runs. The description says the body is a Problem.
     */
    static void withoutBodyWhenSuccessHasNone(Operation operation) {
        Map<String, APIResponse> responses = operation.getResponses().getAPIResponses();
        boolean bodiless = responses.entrySet().stream().filter(e -> e.getKey().startsWith("2"))
                .allMatch(e -> e.getValue().getContent() == null || e.getValue().getContent().getMediaTypes() == null
                        || e.getValue().getContent().getMediaTypes().isEmpty());
        if (!bodiless) {
            return;
        }
        responses.forEach((status, response) -> {
            if (!status.startsWith("2") && response.getContent() != null) {
                response.setContent(null);
                response.setDescription(response.getDescription() + " (a problem+json body: Problem)");
            }
        });
    }

    static void errorBody(APIResponse response, boolean treeQl) {
        String mediaType = treeQl ? "application/json" : ApiContract.PROBLEM_JSON;
        String ref = treeQl ? ApiContract.TREEQL_ERROR : ApiContract.PROBLEM;
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            response.setContent(OASFactory.createContent().addMediaType(mediaType,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ref))));
            return;
        }
        for (MediaType type : response.getContent().getMediaTypes().values()) {
            if (type.getSchema() == null) {
                type.setSchema(OASFactory.createSchema().ref(ref));
            }
        }
    }
}
