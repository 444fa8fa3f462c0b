package io.datably.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** One request's trace, read from the in-memory exporter, with the questions the tracing tests ask of it. */
final class Traces {
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");

    private final List<SpanData> spans;
    private final SpanData server;
    private final Map<String, SpanData> byId;

    private Traces(List<SpanData> spans, SpanData server) {
        this.spans = spans;
        this.server = server;
        this.byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
    }

    /**
     * The trace of the request whose server span has {@code path}, once it holds spans named {@code expected} (the
     * batch processor exports a little after the answer; the server span ends last).
     */
    static Traces of(InMemorySpanExporter exporter, String path, String... expected) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<SpanData> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = exporter.getFinishedSpanItems();
            for (SpanData s : seen) {
                if (s.getKind() == SpanKind.SERVER && path.equals(s.getAttributes().get(URL_PATH))) {
                    List<SpanData> trace = seen.stream().filter(o -> o.getTraceId().equals(s.getTraceId())).toList();
                    if (List.of(expected).stream().allMatch(n -> trace.stream().anyMatch(o -> o.getName().equals(n)))) {
                        return new Traces(trace, s);
                    }
                }
            }
            Thread.sleep(20);
        }
        return fail("no trace of " + path + " with " + List.of(expected) + " among " + describe(seen));
    }

    SpanData server() {
        return server;
    }

    /** The one span of this trace named {@code name}. */
    SpanData named(String name) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), () -> name + " once in " + describe(spans));
        return found.get(0);
    }

    List<SpanData> matching(Predicate<SpanData> test) {
        return spans.stream().filter(test).toList();
    }

    /** The spans from {@code span} up to the root, by their parents' ids: a broken chain fails. */
    List<SpanData> ancestry(SpanData span) {
        List<SpanData> chain = new ArrayList<>(List.of(span));
        SpanData at = span;
        while (at.getParentSpanContext().isValid()) {
            SpanData parent = byId.get(at.getParentSpanId());
            if (parent == null) {
                return fail("the parent of " + at.getName() + " is not in the trace: " + describe(spans));
            }
            chain.add(parent);
            at = parent;
        }
        return chain;
    }

    /** Whether {@code span} is the server span's descendant (same trace, an unbroken chain of parents up to it). */
    boolean underServer(SpanData span) {
        return span != server && ancestry(span).contains(server);
    }

    String describe() {
        return describe(spans);
    }

    static String describe(List<SpanData> spans) {
        return spans.stream().map(s -> s.getName() + "[" + s.getKind() + " " + s.getSpanId() + "<-"
                + s.getParentSpanId() + " " + s.getAttributes() + "]").collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
