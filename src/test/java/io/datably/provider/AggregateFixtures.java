package io.datably.provider;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The aggregate contract's data and an independent, plain-Java evaluation of grouped aggregates over it, so the
 * expected rows never come from the code under test. Values: String, Long (counts, integer sums), BigDecimal.
 */
final class AggregateFixtures {
    static final String SCHEMA = """
            {"fields":[{"name":"id","type":"integer"},{"name":"category","type":"string"},
              {"name":"price","type":"number"},{"name":"qty","type":"integer"},{"name":"at","type":"datetime"},
              {"name":"day","type":"date"}],"primaryKey":["id"]}""";

    record Item(int id, String category, BigDecimal price, Integer qty, Instant at, LocalDate day) {
        String json() {
            return "{\"id\":" + id + ",\"category\":" + q(category) + ",\"price\":" + price + ",\"qty\":" + qty
                    + ",\"at\":" + q(at == null ? null : at.toString()) + ",\"day\":"
                    + q(day == null ? null : day.toString()) + "}";
        }
    }

    static final List<Item> ITEMS = List.of(
            item(1, "books", "10.50", 2, "2024-05-01T10:15:00Z", "2024-05-01"),
            item(2, "books", "20.25", 1, "2024-05-01T10:45:30Z", "2024-05-03"),
            item(3, "books", null, 3, "2024-05-02T23:59:59Z", "2024-05-06"),
            item(4, "games", "5", null, "2024-05-06T00:00:00Z", "2024-05-05"),
            item(5, "games", "7.125", 4, "2024-02-29T12:00:00.5Z", "2024-02-29"),
            item(6, "games", null, null, "2023-12-31T23:00:00Z", "2023-12-31"),
            item(7, "toys", "100", 10, "2024-07-01T00:00:00Z", "2024-07-01"),
            item(8, "toys", "0.1", 1, "2024-09-30T23:59:59.999Z", "2024-09-30"),
            item(9, "toys", "33.33", 5, "2025-01-01T00:00:00Z", "2025-01-01"),
            item(10, null, "1", 1, "2024-10-15T08:00:00Z", "2024-10-15"),
            item(11, null, null, 2, null, null),
            item(12, "Books", "2.5", 7, "2024-04-30T05:00:00Z", "2024-04-28"),
            // A group whose prices are all null: sum/avg/min/max over it are null, so having max_price__isnull=true
            // has exactly one group to find.
            item(13, "puzzles", null, 3, "2024-03-15T09:30:00Z", "2024-03-15"),
            item(14, "puzzles", null, 1, "2024-03-16T18:00:00Z", "2024-03-16"));

    /** A named output computed from a group's items. */
    record Out(String name, Function<List<Item>, Object> value) {
    }

    /** A named key computed from one item. */
    record Key(String name, Function<Item, Object> value) {
    }

    private AggregateFixtures() {
    }

    static List<Map<String, Object>> expect(Predicate<Item> where, List<Key> keys, List<Out> outs,
                                            Predicate<Map<String, Object>> having, List<String> ordering, int limit) {
        Map<List<Object>, List<Item>> groups = new LinkedHashMap<>();
        ITEMS.stream().filter(where).forEach(i -> groups.computeIfAbsent(
                keys.stream().map(k -> k.value().apply(i)).collect(Collectors.toList()), x -> new ArrayList<>()).add(i));
        List<Map<String, Object>> rows = new ArrayList<>();
        groups.forEach((key, items) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int k = 0; k < keys.size(); k++) {
                row.put(keys.get(k).name(), key.get(k));
            }
            outs.forEach(o -> row.put(o.name(), o.value().apply(items)));
            rows.add(row);
        });
        List<String> order = new ArrayList<>(ordering);
        keys.forEach(k -> order.add(k.name()));
        return rows.stream().filter(having).sorted(comparator(order)).limit(limit).toList();
    }

    /** Nulls last ascending, first descending (the API's default), then values in natural order. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<Map<String, Object>> comparator(List<String> order) {
        Comparator<Map<String, Object>> all = (a, b) -> 0;
        for (String spec : order) {
            boolean desc = spec.startsWith("-");
            String name = desc ? spec.substring(1) : spec;
            Comparator<Comparable> values = Comparator.nullsLast(Comparator.naturalOrder());
            Comparator<Map<String, Object>> one = Comparator.comparing(m -> (Comparable) m.get(name), values);
            all = all.thenComparing(desc ? one.reversed() : one);
        }
        return all;
    }

    static Out count() {
        return new Out("count", items -> (long) items.size());
    }

    static <T> Out countOf(String field, Function<Item, T> value) {
        return new Out("count_" + field, items -> items.stream().map(value).filter(Objects::nonNull).count());
    }

    static <T> Out countDistinct(String field, Function<Item, T> value) {
        return new Out("count_distinct_" + field,
                items -> items.stream().map(value).filter(Objects::nonNull).distinct().count());
    }

    static Out sumPrice() {
        return new Out("sum_price", items -> prices(items).stream().reduce(BigDecimal::add).orElse(null));
    }

    static Out sumQty() {
        return new Out("sum_qty", items -> items.stream().map(Item::qty).filter(Objects::nonNull)
                .map(Long::valueOf).reduce(Long::sum).orElse(null));
    }

    /**
     * To 10 decimal places, as the API rounds averages; compared with a tolerance (AggregateContractTests#compare)
     * since MongoDB's $avg of integers is a double. Sums, minima and maxima are compared exactly.
     */
    static Out avgPrice() {
        return new Out("avg_price", items -> {
            List<BigDecimal> prices = prices(items);
            return prices.isEmpty() ? null : prices.stream().reduce(BigDecimal::add).orElseThrow()
                    .divide(BigDecimal.valueOf(prices.size()), 10, RoundingMode.HALF_UP);
        });
    }

    static <T extends Comparable<T>> Out min(String field, Function<Item, T> value, boolean max) {
        return new Out((max ? "max_" : "min_") + field, items -> {
            var values = items.stream().map(value).filter(Objects::nonNull);
            return (max ? values.max(Comparator.naturalOrder()) : values.min(Comparator.naturalOrder()))
                    .map(v -> v instanceof Instant i ? canonical(i) : v).orElse(null);
        });
    }

    private static List<BigDecimal> prices(List<Item> items) {
        return items.stream().map(Item::price).filter(Objects::nonNull).toList();
    }

    /** The bucket start of a datetime (UTC) or date, as "YYYY-MM-DDTHH:00:00Z". */
    static Function<Item, Object> bucket(String bucket, boolean dateField) {
        return item -> {
            LocalDateTime t = dateField ? (item.day() == null ? null : item.day().atStartOfDay())
                    : (item.at() == null ? null : LocalDateTime.ofInstant(item.at(), ZoneOffset.UTC));
            if (t == null) {
                return null;
            }
            LocalDateTime start = switch (bucket) {
                case "hour" -> t.truncatedTo(ChronoUnit.HOURS);
                case "day" -> t.truncatedTo(ChronoUnit.DAYS);
                case "week" -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case "month" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
                case "quarter" -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1)
                        .withMonth((t.getMonthValue() - 1) / 3 * 3 + 1);
                default -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
            };
            return start.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        };
    }

    /** The API's datetime form: no trailing zeros in the fraction. */
    static String canonical(Instant instant) {
        String text = instant.toString();
        return text.contains(".") ? text.replaceAll("0+Z$", "Z").replace(".Z", "Z") : text;
    }

    private static Item item(int id, String category, String price, Integer qty, String at, String day) {
        return new Item(id, category, price == null ? null : new BigDecimal(price), qty,
                at == null ? null : Instant.parse(at), day == null ? null : LocalDate.parse(day));
    }

    private static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
