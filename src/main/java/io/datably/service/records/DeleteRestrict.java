package io.datably.service.records;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.BulkWrite;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.RecordKey;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.model.CountMode;
import io.datably.query.plan.BoundQuery;
import io.datably.schema.model.ForeignKey;
import io.datably.service.tables.TableHandle;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Foreign keys restrict deletes, on every provider: deleting a record that a record of the datasource references
 * (through a foreign key of another table, or of its own table) is refused with 409 DS111 naming the referencing table
 * and field. PostgreSQL's own foreign keys refuse it on flat_table (the answer is then told in these same terms);
 * jsonb and mongodb have this check.
 *
 * <p>Concurrency: the check runs after the delete, on the provider bound by {@link DataProvider#atomically}, and a
 * reference found undoes the delete. On jsonb that is the delete's transaction: the deleted row stays locked until
 * commit, and a reference written meanwhile confirms its target with a share lock ({@link ReferenceChecker#checkedWrite}),
 * so it waits and then finds the target gone; a reference committed before the check is seen by it (a new statement,
 * a new snapshot). On mongodb (no transactions) the delete is undone from its journal; a reference written meanwhile
 * confirms its target after its own write and undoes itself when the target is gone, so of two racing writes at least
 * one sees the other.
 */
public final class DeleteRestrict {
    private DeleteRestrict() {
    }

    /** A foreign key of {@code table} (a DataTable of the datasource) that references the table being deleted from. */
    record Referencing(String table, TableDescriptor descriptor, ForeignKey key) {
    }

    /** The foreign keys of the datasource's tables that reference {@code h}'s table (its self-references included). */
    static List<Referencing> referencing(TableHandle h) {
        List<Referencing> found = new ArrayList<>();
        for (String name : h.siblings().names()) {
            TableDescriptor descriptor = name.equals(h.table().name) ? h.descriptor() : h.siblings().descriptor(name);
            if (descriptor == null) {
                continue;
            }
            for (ForeignKey fk : descriptor.schema().foreignKeys()) {
                String target = fk.selfReference() ? name : fk.resource();
                if (h.table().name.equals(target)) {
                    found.add(new Referencing(name, descriptor, fk));
                }
            }
        }
        return found;
    }

    /**
     * The delete of record {@code key} under the restrict rule: where the store does not enforce foreign keys, the
     * referencing tables are looked up after the delete on the same bound provider, and a record found undoes it;
     * where it does (flat_table), its refusal is told naming the referencing table. False when there is no such record.
     */
    public static Uni<Boolean> delete(TableHandle h, RecordKey key) {
        List<Referencing> referencing = referencing(h);
        if (referencing.isEmpty()) {
            return h.provider().delete(h.descriptor(), key);
        }
        Function<ReferencingLookup.Found, DatablyException> refusal =
                by -> stillReferenced(h, key, by.referencing());
        if (h.provider().capabilities().enforcesForeignKeys()) {
            // Inside a batch's transaction, which PostgreSQL's refusal has aborted, the lookup cannot run: the refusal
            // is then answered as it is.
            return h.provider().delete(h.descriptor(), key).onFailure(DeleteRestrict::foreignKeyViolation)
                    .recoverWithUni(e -> told((DatablyException) e, referencedValues(h, key, referencing)
                            .chain(record -> ReferencingLookup.first(h.provider(), h.table().name, List.of(record),
                                    referencing, null)), refusal));
        }
        return referencedValues(h, key, referencing).chain(record -> h.provider().atomically(bound -> bound
                .delete(h.descriptor(), key)
                .call(deleted -> !deleted ? Uni.createFrom().voidItem() : refusedIfFound(ReferencingLookup.first(
                        bound, h.table().name, List.of(record), referencing, null), refusal))));
    }

    /**
     * A bulk delete by filter ({@code change} removes records: no changes, no soft-delete mark) under the restrict
     * rule. Where the store does not enforce foreign keys, the delete runs on a bound provider and hands back the
     * removed records' referenced fields; the referencing tables are then looked up for any of them (up to 10,000
     * values a statement) and one found undoes the whole delete, as for one record. Where the store enforces them,
     * its refusal is told naming the referencing table, found by looking up the records the filter matches.
     */
    public static Uni<BulkWrite.Count> deleteWhere(TableHandle h, BulkWrite.Change change) {
        List<Referencing> referencing = referencing(h);
        if (referencing.isEmpty() || change.dryRun() || change.changes() != null || change.mark() != null) {
            return h.provider().changeWhere(h.descriptor(), change);
        }
        List<String> referenced = referencing.stream().flatMap(r -> r.key().referenceFields().stream()).distinct()
                .toList();
        Function<ReferencingLookup.Found, DatablyException> refusal = by -> stillReferenced(h, by);
        if (h.provider().capabilities().enforcesForeignKeys()) {
            return h.provider().changeWhere(h.descriptor(), change).onFailure(DeleteRestrict::foreignKeyViolation)
                    .recoverWithUni(e -> told((DatablyException) e, matched(h, change, referenced)
                            .chain(records -> ReferencingLookup.first(h.provider(), h.table().name, records,
                                    referencing, change.match().search() == null ? change.match().where() : null)),
                            refusal));
        }
        BulkWrite.Change asking = new BulkWrite.Change(change.match(), null, change.maxRecords(), false, null, null,
                referenced);
        return h.provider().atomically(bound -> bound.changeWhere(h.descriptor(), asking)
                .call(count -> !count.applied() || count.removed().isEmpty() ? Uni.createFrom().voidItem()
                        : refusedIfFound(ReferencingLookup.first(bound, h.table().name, count.removed(), referencing,
                        null), refusal)));
    }

    private static boolean foreignKeyViolation(Throwable e) {
        return e instanceof DatablyException d && d.code() == ErrorCode.FOREIGN_KEY_VIOLATION;
    }

    /** The store's refusal {@code e}, told naming the referencing table when {@code lookup} finds it; else as it is. */
    private static <T> Uni<T> told(DatablyException e, Uni<Optional<ReferencingLookup.Found>> lookup,
                                   Function<ReferencingLookup.Found, DatablyException> refusal) {
        return lookup.onFailure().recoverWithItem(Optional.empty()).map(by -> {
            throw by.map(refusal).orElse(e);
        });
    }

    /** Fails with the refusal when {@code lookup} finds a referencing record (undoing the bound write). */
    private static Uni<Void> refusedIfFound(Uni<Optional<ReferencingLookup.Found>> lookup,
                                            Function<ReferencingLookup.Found, DatablyException> refusal) {
        return lookup.map(by -> {
            if (by.isPresent()) {
                throw refusal.apply(by.get());
            }
            return null;
        });
    }

    /** The referenced fields of the records a bulk delete's filter matches (at most its ceiling). */
    private static Uni<List<ObjectNode>> matched(TableHandle h, BulkWrite.Change change, List<String> fields) {
        BoundQuery match = change.match();
        List<io.datably.schema.model.Field> read = fields.stream()
                .map(f -> h.descriptor().schema().field(f).orElseThrow()).toList();
        BoundQuery query = new BoundQuery(match.where(), match.search(), ReferencingLookup.orderedBy(read), 0,
                (int) Math.min(Integer.MAX_VALUE, change.maxRecords()), CountMode.NONE, read);
        return h.provider().query(h.descriptor(), query).map(page -> ReferencingLookup.records(page.resultsJson()));
    }

    /**
     * The values of record {@code key} that its referencing foreign keys name: its key, and the stored record when one
     * of them references fields outside the key (a unique field).
     */
    private static Uni<ObjectNode> referencedValues(TableHandle h, RecordKey key, List<Referencing> referencing) {
        List<String> pk = h.descriptor().schema().primaryKey();
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < pk.size(); i++) {
            values.set(pk.get(i), key.values().get(i));
        }
        if (referencing.stream().allMatch(r -> pk.containsAll(r.key().referenceFields()))) {
            return Uni.createFrom().item(values);
        }
        return h.provider().find(h.descriptor(), key)
                .map(json -> json.map(text -> (ObjectNode) io.datably.service.Json.parse(text)).orElse(values));
    }

    /** A bulk delete refused: the filter matches records that {@code by}'s records still reference. */
    private static DatablyException stillReferenced(TableHandle h, ReferencingLookup.Found by) {
        Referencing r = by.referencing();
        String who = "records of '" + r.table() + "' (" + String.join(", ", r.key().fields()) + ")";
        return new DatablyException(ErrorCode.FOREIGN_KEY_VIOLATION, "The filter matches records of table '"
                + h.table().name + "' that " + who + " still reference (" + by.example() + "); nothing was deleted: "
                + "change or delete those first, or narrow the filter", List.of(new ProblemItem("filter",
                "foreign_key", "matches records still referenced by " + who)),
                java.util.Map.of("referenced_by", java.util.Map.of("table", r.table(), "fields", r.key().fields())));
    }

    private static DatablyException stillReferenced(TableHandle h, RecordKey key, Referencing by) {
        String who = "records of '" + by.table() + "' (" + String.join(", ", by.key().fields()) + ")";
        List<ProblemItem> errors = h.descriptor().schema().primaryKey().stream()
                .map(f -> new ProblemItem(f, "foreign_key", "is still referenced by " + who)).toList();
        return new DatablyException(ErrorCode.FOREIGN_KEY_VIOLATION, "The record of table '" + h.table().name
                + "' with key " + key.values() + " is still referenced by " + who + "; change or delete those first",
                errors, java.util.Map.of("referenced_by", java.util.Map.of("table", by.table(), "fields",
                by.key().fields())));
    }
}
