package io.datably.query.plan;

import io.datably.provider.spi.Relation;
import io.datably.provider.spi.TableDescriptor;
import java.util.List;
import java.util.Optional;

/** The relations of the table a query is planned for, and the tables they lead to (to plan paths through them). */
public interface RelatedTables {
    /** No relations: a table of a datasource with no foreign keys, or a planner that does not follow paths. */
    RelatedTables NONE = new RelatedTables() {
        @Override
        public Optional<Hop> follow(String relation) {
            return Optional.empty();
        }

        @Override
        public List<String> names() {
            return List.of();
        }
    };

    /** The relation of that name and where it leads, or empty when the table has no such relation. */
    Optional<Hop> follow(String relation);

    /** Every relation name, for error messages. */
    List<String> names();

    /** One step along a relation: the relation, the related table, and that table as a planning target. */
    record Hop(Relation relation, TableDescriptor table, QueryPlanner.Target target) {
        /** The join from a table of schema {@code from} (the relation's own table) to the related table. */
        BoundJoin join(io.datably.schema.model.TableSchema from) {
            return new BoundJoin(relation, table,
                    relation.fields().stream().map(f -> from.field(f).orElseThrow()).toList(),
                    relation.targetFields().stream().map(f -> table.schema().field(f).orElseThrow()).toList());
        }
    }
}
