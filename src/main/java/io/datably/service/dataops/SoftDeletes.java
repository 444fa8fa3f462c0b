package io.datably.service.dataops;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.provider.spi.RecordKey;
import io.datably.schema.model.SoftDelete;
import io.datably.security.CallerContext;
import io.datably.service.Clock;
import io.datably.service.Json;
import io.datably.service.SchemaChanges;
import io.datably.service.records.RecordAccess;
import io.datably.service.records.RecordService;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Deleting, restoring and purging one record. On a table with {@code "datably:softDelete": true} a delete marks the
 * record (when, and by whose subject) and every read hides it from then on; a restore clears the mark; a purge removes
 * the record for good, marked or not. On other tables a delete (or purge) removes the record, as it always did.
 * Every step is checked as a record write is: the record must be within the caller's read filter (else 404), a delete
 * or purge must be allowed as {@code delete}, a restore as {@code update}.
 */
@ApplicationScoped
public class SoftDeletes {
    private final TableResolver resolver;
    private final RecordService records;
    private final RecordAccess access;
    private final CallerContext callers;

    public SoftDeletes(TableResolver resolver, RecordService records, RecordAccess access, CallerContext callers) {
        this.resolver = resolver;
        this.records = records;
        this.access = access;
        this.callers = callers;
    }

    /**
     * {@code DELETE records/{pk}/[?purge=true]}: marks the record on a soft-delete table, else (or purging) removes
     * it.
     */
    public Uni<Void> delete(String app, String ds, String table, String rawKey, boolean purge) {
        // The subject is read on the request's own thread, before anything runs elsewhere.
        String subject = callers.caller().id();
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table)
                .chain(h -> delete(h, app, ds, rawKey, purge, subject)));
    }

    /**
     * The delete of record {@code rawKey} of the resolved table {@code h} (a batch's too), as {@link #delete} does it,
     * marked by {@code subject} (the caller's, read on the request's thread).
     */
    public Uni<Void> delete(TableHandle h, String app, String ds, String rawKey, boolean purge, String subject) {
        String table = h.table().name;
        if (!h.descriptor().schema().softDelete()) {
            return records.delete(RecordService.writable(h), app, ds, rawKey);
        }
        writable(h);
        RecordKey key = records.parseKey(h, rawKey);
        SoftDelete.Visibility seen = purge ? SoftDelete.Visibility.INCLUDE : SoftDelete.Visibility.LIVE;
        Uni<Void> allowed = stored(h, app, ds, key, rawKey, seen).chain(stored -> stored == null
                ? Uni.createFrom().voidItem() : access.require(app, ds, table, "delete", List.of(stored)));
        Uni<Boolean> done = allowed.chain(() -> purge ? records.deleteRestricted(h, key)
                : h.provider().softDelete(h.descriptor(), key, subject, Clock.now().toInstant()));
        return done.map(found -> {
            if (!found) {
                throw RecordService.missing(table, rawKey);
            }
            return null;
        });
    }

    /**
     * {@code POST records/{pk}/restore/}: the soft-deleted record of that key made live again; 404 when no record
     * of that key is soft-deleted (none, a live one, or a table without soft delete).
     */
    public Uni<String> restore(String app, String ds, String table, String rawKey) {
        return SchemaChanges.retryOnce(resolver.resolve(app, ds, table).chain(h -> {
            RecordKey key = records.parseKey(h, rawKey);
            if (!h.descriptor().schema().softDelete()) {
                throw DatablyException.notFound("Deleted record", table + "/" + DatablyException.abbreviate(rawKey)
                        + " (datatable '" + table + "' does not soft-delete: its schema has no \""
                        + SoftDelete.SETTING + "\": true)");
            }
            writable(h);
            Uni<Void> allowed = stored(h, app, ds, key, rawKey, SoftDelete.Visibility.ONLY).chain(stored ->
                    stored == null ? Uni.createFrom().voidItem() : access.requireChange(app, ds, table, stored,
                            stored));
            return allowed.chain(() -> h.provider().restore(h.descriptor(), key))
                    .map(found -> found.orElseThrow(() -> DatablyException.notFound("Deleted record", table + "/"
                            + DatablyException.abbreviate(rawKey))));
        }));
    }

    /**
     * With policies in force, the record as stored, seen as {@code seen} within the caller's read filter (404
     * otherwise; seeing deleted records here is part of the write, not a read of them, so it asks no
     * {@code read_deleted}); null without policies, where the write itself finds the record or not.
     */
    private Uni<ObjectNode> stored(TableHandle h, String app, String ds, RecordKey key, String rawKey,
                                   SoftDelete.Visibility seen) {
        if (!access.enabled()) {
            return Uni.createFrom().nullItem();
        }
        return records.visible(h, app, ds, key, rawKey, seen, false).map(json -> (ObjectNode) Json.parse(json));
    }

    private static void writable(TableHandle h) {
        if (h.descriptor().schema().readOnly()) {
            throw new DatablyException(ErrorCode.METHOD_NOT_ALLOWED, "Datatable '" + h.table().name
                    + "' is read-only (an adopted view): its records cannot be written");
        }
    }
}
