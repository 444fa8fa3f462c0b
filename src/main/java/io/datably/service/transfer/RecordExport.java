package io.datably.service.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.config.DatablyConfig;
import io.datably.error.DatablyException;
import io.datably.query.model.CountMode;
import io.datably.query.model.Pagination;
import io.datably.query.model.RecordQuery;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.CursorCodec;
import io.datably.query.plan.QueryPlanner;
import io.datably.query.plan.RowFilters;
import io.datably.schema.model.Field;
import io.datably.schema.model.SoftDelete;
import io.datably.service.SchemaChanges;
import io.datably.service.records.RecordAccess;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.datably.provider.spi.RecordPage;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Export: every record a list would match (its filters, search, ordering, fields and the caller's row filters,
 * planned exactly as a list), streamed as CSV or NDJSON, page after page, without a page limit. Memory stays
 * constant: one page of {@link #PAGE} records is held at a time, and the next is read only when the client has taken
 * the previous one. Pages follow the ordering by keyset (each page starts after the previous page's last record, as
 * keyset cursors do) when the table has a primary key and the order is not a search's relevance; otherwise by offset.
 */
@ApplicationScoped
public class RecordExport {
    private static final com.fasterxml.jackson.databind.ObjectMapper EXACT = com.fasterxml.jackson.databind.json
            .JsonMapper.builder().enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(com.fasterxml.jackson.databind.cfg.JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    /** Records per store round trip: five of the list's largest pages (a page is a few MB of text at most). */
    private final int page;
    private final TableResolver resolver;
    private final RecordAccess access;
    private final QueryPlanner planner;

    public RecordExport(TableResolver resolver, RecordAccess access, DatablyConfig config) {
        this.resolver = resolver;
        this.access = access;
        this.page = 5 * config.paging().maxPageSize();
        // Cursors here never leave the service: a key of its own is enough.
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.planner = new QueryPlanner(config.paging().defaultPageSize(), page, new CursorCodec(secret));
    }

    /**
     * The export of a list query: planned (and refused with the list's 4xx) before anything is streamed; the text
     * chunks follow, the first one starting with the CSV header.
     */
    public Uni<Multi<String>> export(String app, String ds, String table, RecordQuery query, ExportFormat format,
                                     SoftDelete.Visibility deleted) {
        refuseWindow(query);
        if (format == ExportFormat.CSV && !query.expand().isEmpty()) {
            throw DatablyException.invalidParameter("expand", "is not offered in CSV (a cell holds one value); "
                    + "export application/x-ndjson to embed related records");
        }
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> access.filters(app, ds,
                h.target(), "read", query.where(), query.expand(), deleted).map(filters -> {
                    BoundQuery first = planner.plan(window(query, null, 0), h.target(), filters, deleted);
                    List<String> columns = first.fields().stream().map(Field::name).toList();
                    boolean keyset = !h.descriptor().schema().primaryKey().isEmpty()
                            && (query.search() == null || !query.ordering().isEmpty());
                    return new Pages(h, query, filters, deleted, format, columns, keyset).stream();
                })));
    }

    /** Export has no window: page, page_size, offset, limit and cursor would only cut it short. */
    private static void refuseWindow(RecordQuery query) {
        Pagination p = query.pagination();
        if (p == null) {
            return;
        }
        String named = p.page() != null ? "page" : p.pageSize() != null ? "page_size" : p.offset() != null ? "offset"
                : p.limit() != null ? "limit" : p.cursor() != null ? "cursor" : null;
        if (named != null) {
            throw DatablyException.invalidParameter(named, "does not apply to an export, which streams every "
                    + "matching record; leave it out");
        }
    }

    /** The query with one window: after {@code cursor} (keyset; "" for the first page) or at {@code offset}. */
    private RecordQuery window(RecordQuery query, String cursor, long offset) {
        Pagination window = cursor != null ? new Pagination(null, (long) page, null, null, cursor)
                : new Pagination(null, null, offset, (long) page, null);
        return new RecordQuery(query.where(), query.search(), query.ordering(), window, query.fields(),
                query.expand(), CountMode.NONE);
    }

    /** Reads a page the store rendered, numbers exactly as written (1.50 stays 1.50). */
    private static JsonNode parse(String page) {
        try {
            return EXACT.readTree(page);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("A page of records is unreadable", e);
        }
    }

    /** A page as the store answered it, with the query that asked for it. */
    private record Fetched(BoundQuery bound, RecordPage page) {
    }

    /** The top-level elements of a JSON array's text, found without parsing them. */
    static final class Records {
        private Records() {
        }

        /**
         * {@code [count, start, end]}: how many elements the array holds and the char range of the last one (the
         * text is valid JSON, as the store rendered it: only brackets outside strings change the depth).
         */
        static int[] scan(String array) {
            int count = 0;
            int start = -1;
            int end = -1;
            int depth = 0;
            boolean inString = false;
            for (int i = 0, n = array.length(); i < n; i++) {
                char c = array.charAt(i);
                if (inString) {
                    if (c == '\\') {
                        i++;
                    } else if (c == '"') {
                        inString = false;
                    }
                } else if (c == '"') {
                    inString = true;
                } else if (c == '{' || c == '[') {
                    if (depth == 1) {
                        count++;
                        start = i;
                    }
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                    if (depth == 1) {
                        end = i + 1;
                    }
                }
            }
            return new int[] {count, start, end};
        }
    }

    /** The pages of one export, read one at a time as the client takes them. */
    private final class Pages {
        /** Marks the end of the pages (compared by identity). */
        private static final String END = new String("end");

        private final TableHandle handle;
        private final RecordQuery query;
        private final RowFilters filters;
        private final SoftDelete.Visibility deleted;
        private final ExportFormat format;
        private final List<String> columns;
        private final boolean keyset;
        private final CsvText csv;
        private String cursor;
        private long offset;
        private boolean first = true;
        private boolean done;
        private final io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        /** CSV: the next page, asked for while the current one is rendered. */
        private Uni<Fetched> ahead;

        Pages(TableHandle handle, RecordQuery query, RowFilters filters, SoftDelete.Visibility deleted,
              ExportFormat format, List<String> columns, boolean keyset) {
            this.handle = handle;
            this.query = query;
            this.filters = filters;
            this.deleted = deleted;
            this.format = format;
            this.columns = columns;
            this.keyset = keyset;
            this.csv = new CsvText(columns);
            this.cursor = keyset ? "" : null;
        }

        Multi<String> stream() {
            return Multi.createBy().repeating().uni(() -> this, Pages::next).until(chunk -> chunk == END)
                    .select().where(chunk -> !chunk.isEmpty());
        }

        private Uni<String> next() {
            if (done) {
                return Uni.createFrom().item(END);
            }
            if (format == ExportFormat.CSV) {
                return nextCsv();
            }
            BoundQuery bound = plan();
            return fetch(bound).map(result -> {
                JsonNode records = parse(result.resultsJson());
                advance(records.size(), () -> records.get(records.size() - 1), bound);
                return first(render(records, bound));
            });
        }

        private BoundQuery plan() {
            return planner.plan(window(query, cursor, offset), handle.target(), filters, deleted);
        }

        /** The store is asked from the request's context (the reactive clients expect it), whatever the thread. */
        private Uni<RecordPage> fetch(BoundQuery bound) {
            return context == null ? handle.provider().query(handle.descriptor(), bound)
                    : Uni.createFrom().voidItem().emitOn(task -> context.runOnContext(ignored -> task.run()))
                    .chain(() -> handle.provider().query(handle.descriptor(), bound));
        }

        /**
         * A CSV chunk. As soon as a page arrives, where the next one starts is found (a scan of the page's text for
         * its records, the last one read as a tree for the cursor) and the next page is asked for; this page's lines
         * are then rendered token by token on a worker thread while the store prepares the next one. At most two
         * pages are held: the one being rendered and the one being read.
         */
        private Uni<String> nextCsv() {
            Uni<Fetched> current = ahead != null ? ahead : fetched(plan());
            ahead = null;
            return current.invoke(fetched -> {
                String json = fetched.page().resultsJson();
                int[] records = Records.scan(json);
                advance(records[0], () -> parse(json.substring(records[1], records[2])), fetched.bound());
                if (!done) {
                    Uni<Fetched> next = fetched(plan()).memoize().indefinitely();
                    next.subscribe().with(ignored -> { }, ignored -> { }); // starts it; its outcome is kept
                    ahead = next;
                }
            }).emitOn(Infrastructure.getDefaultWorkerPool())
                    .map(fetched -> first(csv.lines(fetched.page().resultsJson(), new int[2], new int[1])));
        }

        private Uni<Fetched> fetched(BoundQuery bound) {
            return fetch(bound).map(result -> new Fetched(bound, result));
        }

        /** After a page of {@code size} records: the end, or where the next page starts. */
        private void advance(int size, java.util.function.Supplier<JsonNode> lastRecord, BoundQuery bound) {
            if (size < page) {
                done = true;
            } else if (keyset) {
                cursor = planner.nextCursor(bound, lastRecord.get());
            } else {
                offset += size;
            }
        }

        /** The first chunk starts with the CSV header. */
        private String first(String chunk) {
            if (first) {
                first = false;
                return format == ExportFormat.CSV ? csv.header() + chunk : chunk;
            }
            return chunk;
        }

        private String render(JsonNode records, BoundQuery bound) {
            // A keyset page also carries the ordering's fields; a record leaves with the fields asked for only.
            Set<String> extra = new LinkedHashSet<>();
            if (query.fields() != null) {
                bound.fields().forEach(f -> extra.add(f.name()));
                extra.removeAll(columns);
            }
            StringBuilder out = new StringBuilder();
            for (JsonNode record : records) {
                if (!extra.isEmpty()) {
                    ((ObjectNode) record).remove(extra);
                }
                out.append(record).append('\n');
            }
            return out.toString();
        }
    }
}
