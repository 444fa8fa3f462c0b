package io.datably.api.http;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Checks a request's path and query exactly as sent, before anything routes or decodes them. Vert.x normalizes a
 * path before routing (RFC 3986: {@code %2e} decoded, dot segments removed, {@code //} merged) and JAX-RS drops
 * {@code ;matrix} parameters, so {@code DELETE .../indexes/%2e%2e/} used to address the table itself. Here a
 * segment that would be folded into another path is refused, and so is text that cannot be decoded exactly.
 */
public final class RequestTarget {
    private static final String NUL = "contains the NUL character (\\u0000), which no stored text can hold";

    private RequestTarget() {
    }

    /**
     * @param path       the raw path ({@code HttpServerRequest.path()}: percent-encoded as sent)
     * @param query      the raw query string, or null
     * @param parameters the route parameter a segment (by index) fills, or null when none does
     * @throws DatablyException INVALID_PARAMETER naming the path parameter ({@code path} when the segment is not
     *                          one) or the query parameter
     */
    public static void check(String path, String query, IntFunction<String> parameters) {
        checkPath(path, parameters);
        if (query != null && !query.isEmpty()) {
            checkQuery(query);
        }
    }

    private static void checkPath(String path, IntFunction<String> parameters) {
        if (path == null || !path.startsWith("/")) {
            return; // Vert.x answers these itself (400, 404)
        }
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            boolean last = i == segments.length - 1;
            if (segment.isEmpty() && !last) {
                throw refused(path, "'//'", "an empty segment would be merged away; name every segment", null);
            }
            if (segment.indexOf(';') >= 0) {
                throw refused(path, "'" + segment + "'", "';' starts a matrix parameter, which this API does not "
                        + "take and which would be dropped from the segment; percent-encode it as %3B",
                        parameters.apply(i));
            }
            String decoded;
            try {
                decoded = StrictText.percentDecoded(segment, false);
            } catch (StrictText.Malformed e) {
                throw refused(path, "'" + segment + "'", e.getMessage(), parameters.apply(i));
            }
            if (decoded.equals(".") || decoded.equals("..")) {
                throw refused(path, "'" + segment + "'", "is a dot segment ('" + decoded + "'), which would "
                        + "address another resource; a name cannot be '.' or '..'", parameters.apply(i));
            }
            if (decoded.indexOf('\0') >= 0) {
                throw refused(path, "'" + segment + "'", NUL, parameters.apply(i));
            }
        }
    }

    private static void checkQuery(String query) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            String name;
            try {
                name = StrictText.percentDecoded(rawName, true);
            } catch (StrictText.Malformed e) {
                throw DatablyException.invalidParameter(DatablyException.abbreviate(rawName),
                        "the parameter's name " + e.getMessage());
            }
            String value;
            try {
                value = eq < 0 ? "" : StrictText.percentDecoded(pair.substring(eq + 1), true);
            } catch (StrictText.Malformed e) {
                throw DatablyException.invalidParameter(name, "the value " + e.getMessage());
            }
            if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw DatablyException.invalidParameter(name.replace("\0", "\\u0000"), NUL);
            }
        }
    }

    private static DatablyException refused(String path, String segment, String why, String parameter) {
        String message = "segment " + DatablyException.abbreviate(segment) + " " + why;
        return new DatablyException(ErrorCode.INVALID_PARAMETER, "Path '" + DatablyException.abbreviate(path)
                + "': " + message, List.of(new ProblemItem(parameter == null ? "path" : parameter, "invalid",
                message)));
    }
}
