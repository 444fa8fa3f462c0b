package io.datably.service.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.DataProvider;
import io.datably.query.model.CountMode;
import io.datably.query.model.Op;
import io.datably.query.model.SortKey;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.BoundSort;
import io.datably.schema.model.Field;
import io.datably.service.Json;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Whether records of the referencing tables reference any of many records (those a bulk delete removed, or would):
 * the referenced values are looked up many at a time with the store's own query (one {@code IN}, or an {@code OR} of
 * equalities for a composite key), marked records included, as {@link DataProvider#exists} does.
 */
final class ReferencingLookup {
    /**
     * Values per lookup. A single field's values travel as one parameter (PostgreSQL: a JSON array; MongoDB: an
     * {@code $in} list), so a lookup takes many: the largest bulk delete allowed (100,000) needs 10 round trips. A
     * composite key's take a parameter per field each, and PostgreSQL allows 65,535 parameters to a statement.
     */
    static final int SINGLE_FIELD_CHUNK = 10_000;
    static final int COMPOSITE_CHUNK = 500;

    private ReferencingLookup() {
    }

    /** A referencing foreign key that found a record, and that record's reference as text ({@code author_id = 7}). */
    record Found(DeleteRestrict.Referencing referencing, String example) {
    }

    /**
     * The first referencing foreign key whose table references one of {@code records}, looked up on {@code provider}.
     *
     * @param table    the table the records are (to be) deleted from
     * @param removing records of {@code table} the delete removes too, not counted as referencing (a reference
     *                 between removed records goes with them); null when they are gone already
     */
    static Uni<Optional<Found>> first(DataProvider provider, String table, List<ObjectNode> records,
                                      List<DeleteRestrict.Referencing> referencing, BoundCondition removing) {
        Uni<Optional<Found>> chain = Uni.createFrom().item(Optional.empty());
        for (DeleteRestrict.Referencing r : referencing) {
            List<List<JsonNode>> tuples = new ArrayList<>(referencedValues(records, r.key().referenceFields()));
            BoundCondition others = removing != null && r.table().equals(table) ? new BoundCondition.Not(removing)
                    : null;
            int chunk = r.key().fields().size() == 1 ? SINGLE_FIELD_CHUNK : COMPOSITE_CHUNK;
            for (int from = 0; from < tuples.size(); from += chunk) {
                BoundQuery lookup = lookup(r, tuples.subList(from, Math.min(tuples.size(), from + chunk)), others);
                chain = chain.chain(found -> found.isPresent() ? Uni.createFrom().item(found)
                        : provider.query(r.descriptor(), lookup).map(page -> {
                            List<ObjectNode> hits = records(page.resultsJson());
                            return hits.isEmpty() ? Optional.<Found>empty()
                                    : Optional.of(new Found(r, example(r, hits.get(0))));
                        }));
            }
        }
        return chain;
    }

    /** The distinct complete (non-null) values of {@code fields} among the records. */
    private static Set<List<JsonNode>> referencedValues(List<ObjectNode> records, List<String> fields) {
        Set<List<JsonNode>> values = new LinkedHashSet<>();
        for (ObjectNode record : records) {
            List<JsonNode> tuple = fields.stream().map(record::get).toList();
            if (tuple.stream().allMatch(v -> v != null && !v.isNull())) {
                values.add(tuple);
            }
        }
        return values;
    }

    /** One record of the referencing table whose foreign key holds one of the tuples. */
    private static BoundQuery lookup(DeleteRestrict.Referencing r, List<List<JsonNode>> tuples, BoundCondition and) {
        List<Field> fields = r.key().fields().stream()
                .map(name -> r.descriptor().schema().field(name).orElseThrow()).toList();
        BoundCondition where = fields.size() == 1
                ? new BoundCondition.Compare(fields.get(0), Op.IN, tuples.stream().map(t -> t.get(0)).toList())
                : new BoundCondition.Or(tuples.stream().map(t -> (BoundCondition) new BoundCondition.And(
                IntStream.range(0, fields.size()).mapToObj(i -> (BoundCondition) new BoundCondition.Compare(
                        fields.get(i), Op.EQ, List.of(t.get(i)))).toList())).toList());
        return new BoundQuery(and == null ? where : BoundCondition.both(where, and), null, orderedBy(fields), 0, 1,
                CountMode.NONE, fields);
    }

    /** An ordering on {@code fields} (a page needs one; any will do for these lookups). */
    static List<BoundSort> orderedBy(List<Field> fields) {
        return fields.stream().map(f -> new BoundSort(f, false, SortKey.Nulls.DEFAULT)).toList();
    }

    private static String example(DeleteRestrict.Referencing r, ObjectNode record) {
        return r.key().fields().stream().map(f -> f + " = " + record.get(f)).collect(Collectors.joining(", "));
    }

    /** A page's results (a JSON array of records). */
    static List<ObjectNode> records(String resultsJson) {
        List<ObjectNode> records = new ArrayList<>();
        for (JsonNode record : Json.parse(resultsJson)) {
            records.add((ObjectNode) record);
        }
        return records;
    }
}
