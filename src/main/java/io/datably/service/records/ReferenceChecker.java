package io.datably.service.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.model.ForeignKey;
import io.datably.service.tables.TableHandle;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The portable foreign-key check for stores that do not enforce references themselves (jsonb, mongodb): before a
 * write, each complete, non-null reference must name an existing record. Stores that enforce them skip this.
 */
@ApplicationScoped
public class ReferenceChecker {

    public Uni<Void> check(TableHandle h, List<ObjectNode> records) {
        return check(h, h.provider(), records, false);
    }

    /**
     * {@link #check} on any store, those that enforce references too: which of the records a store refused names no
     * record (its own refusal does not say which row of a batch it was).
     */
    public Uni<Void> lookUp(TableHandle h, List<ObjectNode> records) {
        return lookUp(h, h.provider(), records, false);
    }

    /**
     * A write of {@code records} that set references: checked before it ({@link #check}), and made so that a delete
     * of a referenced record running at the same time cannot leave it dangling ({@link DeleteRestrict}): where the
     * store does not enforce references, {@code write} runs on a provider bound by
     * {@link io.datably.provider.spi.DataProvider#atomically}, and each reference's target is confirmed after it there
     * — with a share lock on jsonb (a delete holding the target waits for the write's commit, or the write waits for
     * the delete's and then finds nothing), and on mongodb by looking again after the write, which is undone when the
     * target is gone.
     */
    public <T> Uni<T> checkedWrite(TableHandle h, List<ObjectNode> records,
                                   java.util.function.Function<TableHandle, Uni<T>> write) {
        if (h.provider().capabilities().enforcesForeignKeys() || h.descriptor().schema().foreignKeys().isEmpty()) {
            return write.apply(h);
        }
        return check(h, records).chain(() -> h.provider().atomically(bound -> write.apply(h.with(bound))
                .call(() -> confirm(h, bound, records))));
    }

    /**
     * After {@code records} were written on {@code provider} (bound to the write's transaction, as an import's load
     * is): each reference's target confirmed there, as {@link #checkedWrite} does after its own write.
     */
    public Uni<Void> confirm(TableHandle h, io.datably.provider.spi.DataProvider provider, List<ObjectNode> records) {
        return check(h, provider, records, true);
    }

    private Uni<Void> check(TableHandle h, io.datably.provider.spi.DataProvider provider, List<ObjectNode> records,
                            boolean confirming) {
        if (h.provider().capabilities().enforcesForeignKeys()) {
            return Uni.createFrom().voidItem();
        }
        return lookUp(h, provider, records, confirming);
    }

    private Uni<Void> lookUp(TableHandle h, io.datably.provider.spi.DataProvider provider, List<ObjectNode> records,
                             boolean confirming) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ForeignKey fk : h.descriptor().schema().foreignKeys()) {
            boolean self = fk.selfReference() || fk.resource().equals(h.table().name);
            TableDescriptor target = self ? h.descriptor() : h.siblings().descriptor(fk.resource());
            if (target == null) {
                continue;
            }
            for (ObjectNode record : records) {
                List<JsonNode> values = new ArrayList<>();
                for (String f : fk.fields()) {
                    JsonNode v = record.get(f);
                    if (v != null && !v.isNull()) {
                        values.add(v);
                    }
                }
                if (values.size() != fk.fields().size() || (self && inBatch(records, fk, values))) {
                    continue;
                }
                chain = chain.chain(() -> (confirming ? provider.existsShared(target, fk.referenceFields(), values)
                        : provider.exists(target, fk.referenceFields(), values)).map(found -> {
                    if (!found) {
                        throw violation(fk, values);
                    }
                    return found;
                }).replaceWithVoid());
            }
        }
        return chain;
    }

    /**
     * A self-reference to a record of the same batch (itself, or another: a parent created with its children) is
     * satisfied by the write itself, as PostgreSQL's statement-level check would have it.
     */
    private static boolean inBatch(List<ObjectNode> records, ForeignKey fk, List<JsonNode> values) {
        return records.stream().anyMatch(record -> {
            for (int i = 0; i < values.size(); i++) {
                if (!values.get(i).equals(record.get(fk.referenceFields().get(i)))) {
                    return false;
                }
            }
            return true;
        });
    }

    private static DatablyException violation(ForeignKey fk, List<JsonNode> values) {
        String target = (fk.resource() == null ? "this table" : "'" + fk.resource() + "'") + " " + fk.referenceFields();
        return new DatablyException(ErrorCode.FOREIGN_KEY_VIOLATION, "No record of " + target + " has " + values
                + " (foreign key " + fk.fields() + ")", fk.fields().stream().map(field -> new ProblemItem(field,
                "foreign_key", "must reference an existing record of " + target)).toList());
    }
}
