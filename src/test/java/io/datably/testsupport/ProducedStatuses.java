package io.datably.testsupport;

import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Test scope only: every status an operation answers during the tests, as {@code METHOD<TAB>path template<TAB>status}
 * lines in target/produced-statuses.tsv (each once per JVM), which scripts/openapi-statuses.py compares with the
 * statuses the OpenAPI document (target/openapi.json, saved by OpenApiContractTest) declares. Requests that match no
 * resource method (the HTTP layer's answers) are not recorded: they belong to no operation.
 */
public class ProducedStatuses {
    public static final java.nio.file.Path FILE = java.nio.file.Path.of("target", "produced-statuses.tsv");
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();

    @ServerResponseFilter
    public void record(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource) {
        if (resource == null || resource.getResourceMethod() == null) {
            return;
        }
        String line = request.getMethod() + "\t" + template(resource) + "\t" + response.getStatus();
        if (SEEN.add(line)) {
            append(line);
        }
    }

    private static String template(ResourceInfo resource) {
        Path type = resource.getResourceClass().getAnnotation(Path.class);
        Path method = resource.getResourceMethod().getAnnotation(Path.class);
        String path = "/" + (type == null ? "" : type.value()) + "/" + (method == null ? "" : method.value());
        path = path.replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static synchronized void append(String line) {
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
