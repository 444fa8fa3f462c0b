package io.datably.service.catalog.openapi;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The identifiers a per-app document gives each table: one PascalCase base ({@code order_items} → {@code OrderItems})
 * from which its component names ({@code OrderItems}, {@code OrderItemsPatch}, {@code OrderItemsPage},
 * {@code OrderItemsAggregates}), its tag and its operationIds ({@code listOrderItems}) derive. Generated SDKs name
 * classes and methods after them, so they must be valid identifiers, unique in the document, never a type the
 * generated Java or TypeScript already uses, and stable: assigned in (datasource, table) order, so the same tables
 * always get the same names.
 */
final class OpenApiNames {
    /** What a base name gets appended when it would shadow a built-in or clash. */
    static final String SUFFIX = "Record";
    /** The component names derived from a base. */
    static final List<String> DERIVED = List.of("", "Patch", "Page", "Aggregates");

    /**
     * Types a generated Java (java.lang, java.util, java.time, java.math, the native library's own classes) or
     * TypeScript (globals, typescript-fetch's runtime) client uses by its simple name; compared case-insensitively.
     */
    private static final Set<String> RESERVED = Set.of(
            "problem", "object", "string", "list", "map", "set", "date", "integer", "long", "short", "byte", "float", "double",
            "boolean", "number", "character", "void", "class", "enum", "record", "array", "collection", "iterable",
            "optional", "function", "error", "exception", "system", "math", "symbol", "json", "promise", "response",
            "request", "blob", "file", "regexp", "uuid", "uri", "url", "locale", "bigdecimal", "biginteger",
            "localdate", "localtime", "offsetdatetime", "instant", "duration", "period", "thread", "runtime",
            "type", "any", "unknown", "never", "null", "undefined", "bigint", "readonly", "partial", "required",
            "pick", "omit", "headers", "formdata", "apiclient", "apiexception", "apiresponse", "configuration",
            "pair", "jsonnullable", "abstractopenapischema", "baseapi", "requirederror", "responseerror",
            "fetcherror", "index", "default", "package", "import", "interface", "new", "this", "super");

    private OpenApiNames() {
    }

    /** A table of the document: its datasource slug and name. */
    record TableRef(String datasource, String table) {
    }

    /**
     * The base of each table, {@code tables} in the order names are assigned (callers sort by datasource, then
     * table): the table's PascalCase name; the datasource's prepended when another datasource of the document has a
     * table of the same name (so neither depends on which came first); {@link #SUFFIX} appended while it is reserved
     * or any of its derived names is taken.
     */
    static Map<TableRef, String> bases(List<TableRef> tables) {
        Map<String, Long> sameName = tables.stream().collect(Collectors.groupingBy(
                t -> pascal(t.table()).toLowerCase(Locale.ROOT), Collectors.counting()));
        Set<String> taken = new HashSet<>();
        Map<TableRef, String> bases = new LinkedHashMap<>();
        for (TableRef t : tables) {
            String base = pascal(t.table());
            if (sameName.get(base.toLowerCase(Locale.ROOT)) > 1) {
                base = pascal(t.datasource()) + base;
            }
            if (RESERVED.contains(base.toLowerCase(Locale.ROOT))) {
                base = base + SUFFIX;
            }
            String candidate = base;
            for (int n = 2; clashes(candidate, taken); n++) {
                candidate = base + SUFFIX + (n == 2 ? "" : Integer.toString(n));
            }
            String chosen = candidate;
            DERIVED.forEach(suffix -> taken.add((chosen + suffix).toLowerCase(Locale.ROOT)));
            bases.put(t, chosen);
        }
        return bases;
    }

    /** Case-insensitively: TypeScript files and Java classes on case-insensitive file systems clash too. */
    private static boolean clashes(String base, Set<String> taken) {
        return DERIVED.stream().map(suffix -> (base + suffix).toLowerCase(Locale.ROOT)).anyMatch(taken::contains);
    }

    /**
     * {@code order_items}, {@code order-items} → {@code OrderItems}; a leading digit gets a {@code T} (a class name
     * cannot start with one); the rest of each word keeps its case ({@code userID} → {@code UserID}).
     */
    static String pascal(String name) {
        StringBuilder out = new StringBuilder();
        for (String word : name.split("[^A-Za-z0-9]+")) {
            if (!word.isEmpty()) {
                out.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
            }
        }
        if (out.isEmpty()) {
            out.append("Table");
        }
        if (Character.isDigit(out.charAt(0))) {
            out.insert(0, 'T');
        }
        return out.toString();
    }

    /** Names compared as generators compare them: {@code price__gte} and {@code priceGte} become the same variable. */
    static Function<String, String> variable() {
        return name -> name.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    }
}
