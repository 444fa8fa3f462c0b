package io.datably.service.evolution;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.IndexDefinition;
import io.datably.provider.spi.IndexInfo;
import io.datably.provider.spi.IndexType;
import io.datably.query.parse.JsonQueryParser;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.QueryPlanner;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.service.Clock;
import io.datably.service.Names;
import io.datably.service.PageSlice;
import io.datably.service.Paging;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Index use cases: list a table's indexes, create one (fields and predicate checked against the schema, the name
 * free), drop one made here. The provider builds them without blocking writes; each create and drop becomes a
 * SchemaOperation. The store's catalog is the only record of which indexes exist.
 */
@ApplicationScoped
public class IndexService {
    /** Binds predicates only: no paging, no cursors. */
    private static final QueryPlanner PREDICATES = new QueryPlanner(1, 1, null);

    private final TableResolver resolver;
    private final SchemaOperations operations;
    private final AdvisoryLocks locks;

    public IndexService(TableResolver resolver, SchemaOperations operations, AdvisoryLocks locks) {
        this.resolver = resolver;
        this.operations = operations;
        this.locks = locks;
    }

    /**
     * Runs {@code work} on the table under its structure lock, resolved again once the lock is held: index changes
     * and schema changes of one table run one after the other (on every instance), and each sees the other's result
     * (so two creates of one name cannot both pass the duplicate check).
     */
    private <T> Uni<T> locked(String app, String ds, String table, Function<TableHandle, Uni<T>> work) {
        return resolver.resolve(app, ds, table).chain(first -> locks.withDatatableLock(first.table().id,
                () -> resolver.resolve(app, ds, table).chain(h -> work.apply(h))));
    }

    public Uni<PageSlice<IndexView>> list(String app, String ds, String table, Paging paging) {
        return resolver.resolve(app, ds, table).chain(h -> h.provider().listIndexes(h.descriptor())).map(all -> {
            int from = (int) Math.min(all.size(), (long) (paging.page() - 1) * paging.pageSize());
            int to = Math.min(all.size(), from + paging.pageSize());
            return new PageSlice<>(all.size(), all.subList(from, to).stream().map(IndexView::of).toList());
        });
    }

    public Uni<IndexView> create(String app, String ds, String table, JsonNode body) {
        IndexInput input = IndexInput.parse(body);
        return locked(app, ds, table, h -> {
            requireTable(h);
            IndexDefinition index = define(input, h);
            return h.provider().listIndexes(h.descriptor()).chain(existing -> {
                if (existing.stream().anyMatch(i -> i.name().equals(index.name()))) {
                    throw new DatablyException(ErrorCode.DUPLICATE, "Table '" + table + "' already has an index named '"
                            + index.name() + "'", List.of(new ProblemItem("name", "duplicate",
                            "an index of that name already exists")));
                }
                return h.provider().createIndex(h.descriptor(), index)
                        .onFailure().call(failure -> recordFailure(h, "index", failure));
            }).call(sql -> record(h, "index", sql))
                    .chain(() -> h.provider().listIndexes(h.descriptor()))
                    .map(indexes -> indexes.stream().filter(i -> !i.managed() && i.name().equals(index.name()))
                            .findFirst().map(IndexView::of).orElseThrow(() -> new IllegalStateException(
                                    "Index '" + index.name() + "' was built but is not listed by the store")));
        });
    }

    public Uni<Void> drop(String app, String ds, String table, String name) {
        return locked(app, ds, table, h -> h.provider().listIndexes(h.descriptor()).chain(indexes -> {
            IndexInfo index = indexes.stream().filter(i -> i.name().equals(name)).findFirst()
                    .orElseThrow(() -> DatablyException.notFound("Index", IndexInput.cut(name)));
            if (index.managed()) {
                throw DatablyException.conflict("Index '" + name + "' belongs to the table's schema (its key, unique "
                        + "constraints, search or references) or was made outside Datably: it cannot be dropped here");
            }
            return h.provider().dropIndex(h.descriptor(), index)
                    .onFailure().call(failure -> recordFailure(h, "drop_index", failure))
                    .call(sql -> record(h, "drop_index", sql));
        })).replaceWithVoid();
    }

    /** An adopted view has no storage of its own to index. */
    private static void requireTable(TableHandle h) {
        if (h.descriptor().schema().readOnly()) {
            throw DatablyException.conflict("Datatable '" + h.table().name + "' is an adopted view: views cannot "
                    + "be indexed");
        }
    }

    /** The request bound to the table: known, distinct fields; a bound predicate; a valid (or derived) name. */
    private static IndexDefinition define(IndexInput input, TableHandle h) {
        TableSchema schema = h.descriptor().schema();
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < input.fields().size(); i++) {
            String name = input.fields().get(i);
            String path = "fields[" + i + "]";
            Field field = schema.field(name).orElseThrow(() -> DatablyException.invalidField(path, "unknown_field",
                    "unknown field '" + IndexInput.cut(name) + "'; fields are "
                    + schema.fields().stream().map(Field::name).toList()));
            if (fields.contains(field)) {
                throw DatablyException.invalidField(path, "duplicate", "'" + IndexInput.cut(name)
                        + "' is named twice");
            }
            fields.add(field);
        }
        IndexType type = input.type() == null ? IndexType.BTREE : input.type();
        String name = input.name() == null ? derivedName(fields, type, input.unique())
                : Names.requireIndexName("name", input.name());
        return new IndexDefinition(name, fields, type, input.unique(), predicate(input.where(), h));
    }

    /**
     * The {@code where} tree, parsed and bound exactly as a list's (same 400s naming the culprit). An index
     * describes one table's rows: a condition through a relation cannot be part of it.
     */
    private static BoundCondition predicate(JsonNode where, TableHandle h) {
        if (where == null) {
            return null;
        }
        BoundCondition bound = PREDICATES.bindCondition(JsonQueryParser.parseCondition(where, "where"), h.target());
        refuseRelations(bound);
        return bound;
    }

    private static void refuseRelations(BoundCondition condition) {
        if (condition instanceof BoundCondition.And and) {
            and.items().forEach(IndexService::refuseRelations);
        } else if (condition instanceof BoundCondition.Or or) {
            or.items().forEach(IndexService::refuseRelations);
        } else if (condition instanceof BoundCondition.Not not) {
            refuseRelations(not.item());
        } else if (condition instanceof BoundCondition.Related related) {
            throw DatablyException.invalidField("where", "relation", "'" + related.join().relation().name()
                    + "__…' follows a relation; an index predicate can only test the table's own fields");
        }
    }

    /** {@code <field>_<field>[_unique][_<type>]_idx}, made a valid name: other characters become '_'. */
    static String derivedName(List<Field> fields, IndexType type, boolean unique) {
        List<String> parts = new ArrayList<>(fields.isEmpty() ? List.of("record") : fields.stream().map(Field::name)
                .toList());
        if (unique) {
            parts.add("unique");
        }
        if (type != IndexType.BTREE) {
            parts.add(type.token());
        }
        parts.add("idx");
        String name = String.join("_", parts).replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("_+", "_");
        if (!Character.isLetter(name.charAt(0)) && name.charAt(0) != '_') {
            name = "i_" + name;
        }
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** A refused or failed build is history too: a {@code failed} operation with the reason. */
    private Uni<Void> recordFailure(TableHandle h, String operation, Throwable failure) {
        String schema = h.table().jsonSchema;
        return Panache.withTransaction(() -> {
            var now = Clock.now();
            var op = operations.operation(h.table(), operation, schema, schema, now, now);
            op.status = "failed";
            // The history is answered to clients: a failure the providers did not translate keeps its text in the log.
            op.error = failure instanceof DatablyException known ? known.getMessage()
                    : "internal error; it has been logged";
            return operations.persist(op);
        }).onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> record(TableHandle h, String operation, String sql) {
        String schema = h.table().jsonSchema;
        return Panache.withTransaction(() -> operations.record(h.table(), operation, schema, schema, sql))
                .replaceWithVoid();
    }
}
