package io.datably.query.plan;

import io.datably.provider.spi.Relation;
import io.datably.provider.spi.TableDescriptor;
import io.datably.schema.model.Field;
import java.util.List;

/**
 * A relation resolved for compiling: the related table and the field pairs that join it, as fields of their
 * schemas (each {@code fields[i]} of the table at hand equals {@code targetFields[i]} of {@code table}).
 */
public record BoundJoin(Relation relation, TableDescriptor table, List<Field> fields, List<Field> targetFields) {
    public BoundJoin {
        fields = List.copyOf(fields);
        targetFields = List.copyOf(targetFields);
    }
}
