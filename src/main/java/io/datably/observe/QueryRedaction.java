package io.datably.observe;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import jakarta.inject.Singleton;

/**
 * The HTTP server span records the request's query string, and ours carry filters' operands (?email=…, ?title=…):
 * tenant data that must not leave the service in traces. Each value is replaced by {@code ?}; the parameters' names
 * stay (they are field names and options, what a trace reader needs). Quarkus adds every SpanProcessor bean to the
 * SDK; with tracing off there is no SDK and this never runs.
 */
@Singleton
public class QueryRedaction implements SpanProcessor {
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        String query = span.getAttribute(URL_QUERY);
        if (query != null && !query.isEmpty()) {
            span.setAttribute(URL_QUERY, redact(query));
        }
    }

    /** {@code a=1&b=x&c} → {@code a=?&b=?&c}. */
    static String redact(String query) {
        StringBuilder out = new StringBuilder(query.length());
        for (String part : query.split("&", -1)) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            int eq = part.indexOf('=');
            out.append(eq < 0 ? part : part.substring(0, eq + 1) + "?");
        }
        return out.toString();
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
