package io.datably.api.http;

import io.datably.service.RequestId;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Gives every request an id ({@link RequestId}) and answers it in {@code X-Request-Id}. A client's own id is kept
 * when it is a short token (letters, digits, {@code . _ : -}, at most 128): anything else could smuggle text into
 * logs and audit entries, so it is replaced by a fresh UUID rather than refused.
 */
public class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final RequestId requestId;

    public RequestIds(RequestId requestId) {
        this.requestId = requestId;
    }

    @ServerRequestFilter(preMatching = true)
    public void assign(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        requestId.set(given != null && TOKEN.matcher(given).matches() ? given : UUID.randomUUID().toString());
    }

    @ServerResponseFilter
    public void answer(ContainerResponseContext response) {
        if (requestId.value() != null) {
            response.getHeaders().putSingle(HEADER, requestId.value());
        }
    }
}
