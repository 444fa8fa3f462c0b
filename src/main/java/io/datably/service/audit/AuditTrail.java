package io.datably.service.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.provider.spi.Audit;
import io.datably.provider.spi.RecordKey;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.service.Json;
import io.datably.service.PageSlice;
import io.datably.service.Paging;
import io.datably.service.records.RecordAccess;
import io.datably.service.records.RecordService;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.datably.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Reading the audit trail of record changes: a table's entries, or one record's history (also after it was deleted
 * for good), for callers granted {@value RecordAccess#AUDIT} on the table. Entries are written by the providers with
 * each change; nothing here changes them (the trail is append-only through the API).
 */
@ApplicationScoped
public class AuditTrail {
    private final TableResolver resolver;
    private final RecordService records;
    private final RecordAccess access;
    private final TenantContext tenant;

    public AuditTrail(TableResolver resolver, RecordService records, RecordAccess access, TenantContext tenant) {
        this.resolver = resolver;
        this.records = records;
        this.access = access;
        this.tenant = tenant;
    }

    /** A page of the table's entries, newest first unless asked otherwise. */
    public Uni<PageSlice<JsonNode>> trail(String app, String ds, String table, AuditFilter filter, Paging paging) {
        String tenantId = tenant.tenant().id();
        return resolver.resolve(app, ds, table).chain(h -> access.requireAudit(app, ds, table)
                .chain(() -> entries(h, null, filter, paging, tenantId)));
    }

    /** A page of one record's entries (its key as in {@code records/{pk}/}), newest first unless asked otherwise. */
    public Uni<PageSlice<JsonNode>> history(String app, String ds, String table, String rawKey, AuditFilter filter,
                                            Paging paging) {
        String tenantId = tenant.tenant().id();
        return resolver.resolve(app, ds, table).chain(h -> {
            ObjectNode key = keyOf(h.descriptor().schema(), records.parseKey(h, rawKey));
            return access.requireAudit(app, ds, table).chain(() -> entries(h, key, filter, paging, tenantId));
        });
    }

    private Uni<PageSlice<JsonNode>> entries(TableHandle h, ObjectNode key, AuditFilter filter, Paging paging,
                                             String tenantId) {
        Audit.Query query = new Audit.Query(h.table().id, key, filter.actor(), filter.action(), filter.since(),
                filter.until(), filter.oldestFirst(), paging.pageSize(), (long) (paging.page() - 1) * paging.pageSize());
        return h.provider().auditEntries(h.descriptor().physical().namespace(), query).map(page -> {
            List<JsonNode> entries = new ArrayList<>();
            for (JsonNode entry : Json.parse(page.resultsJson())) {
                entries.add(shown((ObjectNode) entry, h.descriptor().schema(), tenantId));
            }
            return new PageSlice<>(page.count(), entries);
        });
    }

    /**
     * An entry as the API shows it: with its tenant, and for a change that kept both states, the fields whose values
     * changed ({@code changed}, in schema order, then fields no longer in the schema).
     */
    private static JsonNode shown(ObjectNode entry, TableSchema schema, String tenantId) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("id", entry.get("id"));
        out.set("at", entry.get("at"));
        out.put("tenant", tenantId);
        entry.fields().forEachRemaining(member -> {
            if (!member.getKey().equals("id") && !member.getKey().equals("at")) {
                out.set(member.getKey(), member.getValue());
            }
        });
        JsonNode before = entry.get("before");
        JsonNode after = entry.get("after");
        if (before != null && before.isObject() && after != null && after.isObject()) {
            ArrayNode changed = out.putArray("changed");
            List<String> names = new ArrayList<>(schema.fields().stream().map(Field::name).toList());
            after.fieldNames().forEachRemaining(name -> {
                if (!names.contains(name)) {
                    names.add(name);
                }
            });
            names.stream().filter(name -> !java.util.Objects.equals(before.get(name), after.get(name)))
                    .forEach(changed::add);
        }
        return out;
    }

    private static ObjectNode keyOf(TableSchema schema, RecordKey key) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < schema.primaryKey().size(); i++) {
            doc.set(schema.primaryKey().get(i), key.values().get(i));
        }
        return doc;
    }
}
