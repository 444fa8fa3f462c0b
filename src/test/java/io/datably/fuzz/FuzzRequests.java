package io.datably.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Hostile requests over every endpoint of the native, catalog and TreeQL APIs, drawn from a seeded random source and
 * the corpus: real paths with one piece replaced, real parameters with hostile names, operators and values, valid
 * bodies with one value swapped, raw bodies. Destructive catalog calls aim at mangled names or a scratch table, so the
 * set-up survives the run.
 */
final class FuzzRequests {
    /** A datasource of the set-up: its base path, the provider, its tables. */
    record Target(String provider, String app, String base) {
        String table(String name) {
            return base + "/datatables/" + name + "/";
        }
    }

    /** One request, ready to send: path and query already percent-encoded. */
    record FuzzRequest(String method, String path, String query, String body, String contentType) {
        String url() {
            return query.isEmpty() ? path : path + "?" + query;
        }

        /**
         * TreeQL routes answer errors as PHP-CRUD-API does ({@code {code, message}}, a list of them for multi-item
         * writes): every route under a datasource but the native ones ({@code datatables/}, {@code stats/},
         * {@code adopt/}, the datasource itself).
         */
        boolean treeql() {
            return path.matches("/api/apps/[^/]+/datasources/[^/]+/(?!(datatables|stats|adopt)(/|$)).+");
        }

        @Override
        public String toString() {
            return method + " " + url() + (body == null ? "" : " " + (body.length() > 300 ? body.substring(0, 300)
                    + "…" : body));
        }
    }

    static final List<String> FIELDS = List.of("id", "name", "price", "created", "day", "tags", "meta", "owner_id",
            "flag", "status");
    private static final String JSON = "application/json";

    private final Random random;
    private final FuzzCorpus corpus;
    private final List<Target> targets;
    private final List<Function<Target, FuzzRequest>> moves = new ArrayList<>();

    FuzzRequests(Random random, FuzzCorpus corpus, List<Target> targets) {
        this.random = random;
        this.corpus = corpus;
        this.targets = targets;
        moves.add(this::listRecords);
        moves.add(this::listRecords);
        moves.add(this::listRecords);
        moves.add(this::recordByKey);
        moves.add(this::writeRecord);
        moves.add(this::writeRecord);
        moves.add(this::bulkChange);
        moves.add(this::batch);
        moves.add(this::queryBody);
        moves.add(this::aggregate);
        moves.add(this::catalog);
        moves.add(this::catalog);
        moves.add(this::changeSchema);
        moves.add(this::indexes);
        moves.add(this::treeql);
        moves.add(this::treeql);
        moves.add(this::treeqlWrite);
        moves.add(this::rawPath);
    }

    FuzzRequest next() {
        Target target = pick(targets);
        return pick(moves).apply(target);
    }

    // ------------------------------------------------------------------ native records

    private FuzzRequest listRecords(Target t) {
        List<String> query = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            query.add(switch (random.nextInt(4)) {
                case 0 -> pair(pick(corpus.params()), value());
                case 1 -> pair(field() + "__" + pick(corpus.operators()), value());
                case 2 -> pair("owner_id__" + field() + (random.nextBoolean() ? "__" + pick(corpus.operators()) : ""),
                        value());
                default -> pair(field(), value());
            });
        }
        String path = t.table("items") + (random.nextInt(5) == 0 ? "records" : "records/");
        return new FuzzRequest("GET", path, String.join("&", query), null, null);
    }

    /** A record by key, maybe with a read's or a delete's parameters (fields, expand, deleted, purge), or a restore. */
    private FuzzRequest recordByKey(Target t) {
        String key = random.nextInt(4) == 0 ? "1" : encode(value());
        String path = t.table("items") + "records/" + key + "/";
        if (random.nextInt(8) == 0) {
            return new FuzzRequest("POST", path + "restore/", "", random.nextBoolean() ? null : recordBody(), JSON);
        }
        String method = pick(List.of("GET", "PUT", "PATCH", "DELETE"));
        String body = method.equals("PUT") || method.equals("PATCH") ? recordBody() : null;
        String query = random.nextBoolean() ? ""
                : pair(pick(List.of("fields", "expand", "deleted", "purge", pick(corpus.params()))), value());
        return new FuzzRequest(method, path, query, body, JSON);
    }

    private FuzzRequest writeRecord(Target t) {
        String body = random.nextInt(4) == 0 ? "[" + recordBody() + "," + recordBody() + "]" : recordBody();
        return new FuzzRequest("POST", t.table("items") + "records/", "", body, JSON);
    }

    /** Bulk changes by filter (with list-like filters, maybe none) and upserts (maybe naming odd conflict fields). */
    private FuzzRequest bulkChange(Target t) {
        String filters = random.nextInt(4) == 0 ? "" : pair(random.nextBoolean() ? field() : field() + "__"
                + pick(corpus.operators()), value()) + (random.nextBoolean() ? "&dry_run=" + value() : "");
        return switch (random.nextInt(3)) {
            case 0 -> new FuzzRequest("PATCH", t.table("items") + "records/", filters, recordBody(), JSON);
            case 1 -> new FuzzRequest("DELETE", t.table("items") + "records/", filters, null, null);
            default -> new FuzzRequest("POST", t.table("items") + "records/", pair("on_conflict",
                    random.nextBoolean() ? "" : random.nextBoolean() ? field() : value()),
                    random.nextBoolean() ? "[" + recordBody() + "," + recordBody() + "]" : recordBody(), JSON);
        };
    }

    /** Atomic batches: lists of operations, some well formed, some with odd ops, tables, keys, members or bodies. */
    private FuzzRequest batch(Target t) {
        String path = t.base + "/batch/";
        if (random.nextInt(5) == 0) {
            return new FuzzRequest("POST", path, "", pick(corpus.bodies()), JSON);
        }
        List<String> operations = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            StringBuilder op = new StringBuilder("{\"op\":" + (random.nextInt(4) == 0 ? scalar()
                    : json(pick(List.of("create", "update", "replace", "upsert", "delete")))) + ",\"table\":"
                    + (random.nextInt(4) == 0 ? json(value()) : json("items")));
            if (random.nextBoolean()) {
                op.append(",\"pk\":").append(random.nextBoolean() ? json(random.nextBoolean() ? "1" : value())
                        : scalar());
            }
            op.append(switch (random.nextInt(4)) {
                case 0 -> ",\"record\":" + recordBody();
                case 1 -> ",\"records\":[" + recordBody() + "," + recordBody() + "]";
                case 2 -> ",\"record\":" + scalar();
                default -> "";
            });
            if (random.nextInt(4) == 0) {
                op.append(",\"on_conflict\":").append(random.nextBoolean() ? "[" + json(field()) + "]" : scalar());
            }
            if (random.nextInt(6) == 0) {
                op.append(",\"purge\":").append(scalar());
            }
            operations.add(op.append('}').toString());
        }
        return new FuzzRequest("POST", path, "", "{\"operations\":[" + String.join(",", operations) + "]}", JSON);
    }

    private FuzzRequest queryBody(Target t) {
        String body = random.nextInt(3) == 0 ? pick(corpus.bodies())
                : "{\"where\":" + where(3) + (random.nextBoolean() ? ",\"order_by\":[" + json(field()) + "]" : "")
                + (random.nextBoolean() ? ",\"limit\":" + number() : "") + "}";
        return new FuzzRequest("POST", t.table("items") + "records/query/", "", body, JSON);
    }

    private FuzzRequest aggregate(Target t) {
        if (random.nextBoolean()) {
            String body = "{\"group_by\":[" + json(random.nextBoolean() ? field() : field() + ":" + value()) + "],"
                    + "\"aggregates\":[" + json(pick(List.of("count(*)", "sum(", "avg(", "min(", "count_distinct("))
                    + (random.nextBoolean() ? field() : value()) + ")") + "],\"having\":" + where(1) + "}";
            return new FuzzRequest("POST", t.table("items") + "records/aggregate/", "", body, JSON);
        }
        String query = String.join("&", pair("group_by", field() + (random.nextBoolean() ? ":" + value() : "")),
                pair("aggregates", pick(List.of("count(*)", "sum(price)", "avg(" + value() + ")", value()))),
                pair(pick(List.of("having", "ordering", "limit", field() + "__gt")), value()));
        return new FuzzRequest("GET", t.table("items") + "records/aggregate/", query, null, null);
    }

    // ------------------------------------------------------------------ catalog

    private FuzzRequest catalog(Target t) {
        String app = "/api/apps/" + mangled(t.app()) + "/";
        String ds = t.base + "/";
        return switch (random.nextInt(10)) {
            case 0 -> new FuzzRequest("POST", "/api/apps/", "", "{\"name\":" + json(value()) + ",\"slug\":"
                    + json(value()) + "}", JSON);
            case 1 -> new FuzzRequest("GET", "/api/apps/", pair(pick(List.of("search", "is_active", "page",
                    "page_size")), value()), null, null);
            case 2 -> new FuzzRequest(pick(List.of("PUT", "PATCH", "DELETE", "GET")), app, "",
                    "{\"name\":" + json(value()) + ",\"is_active\":" + scalar() + "}", JSON);
            case 3 -> new FuzzRequest("POST", "/api/apps/" + t.app() + "/datasources/", "", "{\"name\":"
                    + json(value()) + ",\"provider_type\":" + json(random.nextBoolean() ? t.provider() : value())
                    + ",\"provider_config\":" + scalar() + "}", JSON);
            case 4 -> new FuzzRequest(pick(List.of("GET", "PATCH", "DELETE", "PUT", "POST")),
                    "/api/apps/" + t.app() + "/datasources/" + mangled("ds") + "/", "", "{\"slug\":" + json(value())
                    + "}", JSON);
            case 5 -> new FuzzRequest(pick(List.of("GET", "POST", "PUT")), ds + pick(List.of("stats/", "adopt/",
                    "datatables/stats/")), "", random.nextBoolean() ? "{\"tables\":[" + json(value()) + "]}" : null,
                    JSON);
            case 6 -> new FuzzRequest("POST", ds + "datatables/", "", "{\"name\":" + json(value())
                    + ",\"materialize\":" + scalar() + ",\"json_schema\":" + schema() + "}", JSON);
            case 7 -> new FuzzRequest("GET", ds + "datatables/", pair(pick(List.of("is_materialized", "is_active",
                    "page")), value()), null, null);
            case 8 -> new FuzzRequest(pick(List.of("GET", "DELETE", "POST")), t.table(mangled("items"))
                    + pick(List.of("", "schema/", "materialize/", "operations/")), "", null, JSON);
            default -> new FuzzRequest("GET", "/api/apps/" + mangled(t.app()) + "/"
                    + pick(List.of("stats/", "datatables/", "datatables/stats/")), pair("datasource", value()), null,
                    null);
        };
    }

    private FuzzRequest changeSchema(Target t) {
        String query = String.join("&", pair("dry_run", random.nextBoolean() ? "true" : value()),
                pair("allow_destructive", random.nextBoolean() ? "false" : value()));
        if (random.nextInt(4) == 0) {
            return new FuzzRequest("POST", t.table("scratch") + "operations/" + encode(value()) + "/rollback/", query,
                    null, JSON);
        }
        String body = random.nextInt(4) == 0 ? pick(corpus.bodies()) : "{\"json_schema\":" + schema()
                + (random.nextBoolean() ? ",\"backfill\":{" + json(field()) + ":" + scalar() + "}" : "") + "}";
        return new FuzzRequest(random.nextBoolean() ? "PATCH" : "PUT", t.table("scratch"), query, body, JSON);
    }

    private FuzzRequest indexes(Target t) {
        if (random.nextInt(3) == 0) {
            return new FuzzRequest("DELETE", t.table("items") + "indexes/" + encode(value()) + "/", "", null, null);
        }
        String body = "{\"name\":" + json(value()) + ",\"fields\":[" + json(random.nextBoolean() ? field() : value())
                + "],\"type\":" + json(pick(List.of("btree", "hash", "gin", "brin", "text", value())))
                + ",\"unique\":" + scalar() + (random.nextBoolean() ? ",\"where\":" + where(2) : "") + "}";
        return new FuzzRequest(random.nextInt(6) == 0 ? "GET" : "POST", t.table("items") + "indexes/", "", body, JSON);
    }

    // ------------------------------------------------------------------ TreeQL

    private FuzzRequest treeql(Target t) {
        String table = random.nextInt(5) == 0 ? encode(value()) : "items";
        List<String> query = new ArrayList<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String param = pick(List.of("filter", "filter1", "filter2a", "include", "exclude", "order", "size",
                    "page", "join", pick(corpus.params())));
            String value = param.startsWith("filter") ? field() + "," + pick(List.of("cs", "sw", "ew", "eq", "lt",
                    "le", "ge", "gt", "bt", "in", "is", "ncs", "neq", "nbt", "nin", "nis", value())) + "," + value()
                    : value();
            query.add(pair(param, value));
        }
        if (random.nextInt(8) == 0) {
            return new FuzzRequest("GET", t.base + "/openapi", "", null, null);
        }
        String path = t.base + "/records/" + table + (random.nextInt(3) == 0 ? "/" + encode(value()) : "");
        return new FuzzRequest("GET", path, String.join("&", query), null, null);
    }

    private FuzzRequest treeqlWrite(Target t) {
        String method = pick(List.of("POST", "PUT", "PATCH", "DELETE"));
        String ids = random.nextBoolean() ? "1" : random.nextBoolean() ? "1,2," + encode(value()) : encode(value());
        String path = t.base + "/records/items" + (method.equals("POST") ? "" : "/" + ids);
        if (random.nextInt(4) == 0) {
            String form = pair(field(), value()) + "&" + pair(field(), value());
            return new FuzzRequest(method, path, "", form, "application/x-www-form-urlencoded");
        }
        return new FuzzRequest(method, path, "", random.nextInt(4) == 0 ? pick(corpus.bodies()) : recordBody(), JSON);
    }

    // ------------------------------------------------------------------ raw paths

    /** A real path with one segment replaced by a raw, pre-encoded piece (dot segments, bad escapes, NULs). */
    private FuzzRequest rawPath(Target t) {
        String[] segments = (t.table("items") + pick(List.of("", "records/", "records/1/", "indexes/",
                "operations/"))).split("/");
        int i = 1 + random.nextInt(segments.length - 1);
        segments[i] = pick(corpus.raw());
        String query = random.nextBoolean() ? "" : pick(List.of("name", "search", "page")) + "=" + pick(corpus.raw());
        return new FuzzRequest(pick(List.of("GET", "DELETE", "POST", "PATCH")), String.join("/", segments) + "/",
                query, random.nextBoolean() ? recordBody() : null, JSON);
    }

    // ------------------------------------------------------------------ pieces

    private String recordBody() {
        StringBuilder body = new StringBuilder("{\"id\":" + (2 + random.nextInt(1000)) + ",\"name\":\"n\"");
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String name = random.nextInt(4) == 0 ? value() : pick(FIELDS);
            body.append(",").append(json(name)).append(":").append(anyJson(2));
        }
        return body.append("}").toString();
    }

    private String where(int depth) {
        if (depth <= 0 || random.nextInt(3) == 0) {
            return "{\"field\":" + json(random.nextInt(3) == 0 ? value() : field()) + ",\"op\":"
                    + json(pick(corpus.operators())) + ",\"value\":" + anyJson(1) + "}";
        }
        String kind = pick(List.of("and", "or", "not", value()));
        if (kind.equals("not")) {
            return "{\"not\":" + where(depth - 1) + "}";
        }
        return "{" + json(kind) + ":[" + where(depth - 1) + "," + where(depth - 1) + "]}";
    }

    private String schema() {
        if (random.nextInt(4) == 0) {
            return pick(corpus.bodies());
        }
        return "{\"fields\":[{\"name\":\"id\",\"type\":\"integer\"},{\"name\":" + json(random.nextBoolean() ? "label"
                : value()) + ",\"type\":" + json(pick(List.of("string", "integer", "number", "date", "datetime",
                "boolean", "object", "array", "geopoint", value()))) + ",\"constraints\":{"
                + json(pick(List.of("required", "unique", "pattern", "enum", "minimum", "maxLength", value()))) + ":"
                + anyJson(1) + "}" + (random.nextBoolean() ? ",\"datably:renamedFrom\":" + json(value()) : "")
                + "}],\"primaryKey\":[\"id\"]}";
    }

    private String anyJson(int depth) {
        return switch (random.nextInt(depth > 0 ? 7 : 5)) {
            case 0 -> json(value());
            case 1 -> number();
            case 2 -> pick(List.of("true", "false", "null"));
            case 3 -> json(pick(List.of("open", "closed", "2024-05-01", "2024-05-01T10:00:00Z", "1.5")));
            case 4 -> value().replaceAll("[^0-9eE+.-]", "").isEmpty() ? "0" : json(value());
            case 5 -> "[" + anyJson(depth - 1) + "," + anyJson(depth - 1) + "]";
            default -> "{" + json(value()) + ":" + anyJson(depth - 1) + "}";
        };
    }

    private String scalar() {
        return pick(List.of("true", "false", "null", "1", json(value()), "[]", "{}"));
    }

    private String number() {
        return pick(List.of("0", "-1", "1.5", "1e400000", "-1e400000", "99999999999999999999999999", "1e131073",
                "9223372036854775808", "0.0000001", "-0"));
    }

    private String field() {
        return random.nextInt(4) == 0 ? value() : pick(FIELDS);
    }

    private String value() {
        return pick(corpus.values());
    }

    private String mangled(String slug) {
        return random.nextBoolean() ? encode(value()) : slug + encode(value());
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static String pair(String name, String value) {
        return encode(name) + "=" + encode(value);
    }

    /** A JSON string; lone surrogates and control characters as \\u escapes, as a hostile client may write them. */
    static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /**
     * Percent-encodes every byte but the unreserved ones; a lone surrogate becomes its (invalid) three-byte form,
     * as a hostile client can send it.
     */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            byte[] bytes;
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                bytes = value.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes = new byte[] {(byte) (0xE0 | (c >> 12)), (byte) (0x80 | ((c >> 6) & 0x3F)),
                        (byte) (0x80 | (c & 0x3F))};
            } else {
                bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            }
            for (byte b : bytes) {
                int u = b & 0xFF;
                if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || "-._~".indexOf(u) >= 0) {
                    out.append((char) u);
                } else {
                    out.append('%').append(String.format("%02X", u));
                }
            }
        }
        return out.toString();
    }
}
