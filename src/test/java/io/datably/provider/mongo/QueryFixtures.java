package io.datably.provider.mongo;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.query.model.Op;
import io.datably.query.model.SortKey.Nulls;
import io.datably.query.plan.BoundCondition;
import io.datably.query.plan.BoundSort;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.CastResult;
import io.datably.schema.validate.RecordCaster;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.schema.validate.SchemaParseResult;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Builds schemas, canonical records and bound conditions the way the service and planner hand them over. */
final class QueryFixtures {
    /** Canonical JSON as the service holds it: exact decimals, trailing zeros kept; single quotes for readability. */
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_SINGLE_QUOTES).build();
    /** Operators whose values are canonical values of the field's type (the planner casts them). */
    private static final Set<Op> TYPED = EnumSet.of(Op.EQ, Op.NE, Op.GT, Op.GTE, Op.LT, Op.LTE, Op.IN, Op.NIN,
            Op.RANGE, Op.EXACT);

    private final TableSchema schema;
    private final RecordCaster caster;

    QueryFixtures(String descriptor) {
        SchemaParseResult parsed = SchemaDescriptorParser.parse(json(descriptor));
        if (!parsed.valid()) {
            throw new IllegalArgumentException(parsed.problems().toString());
        }
        this.schema = parsed.schema();
        this.caster = new RecordCaster(schema);
    }

    TableSchema schema() {
        return schema;
    }

    Field field(String name) {
        return schema.field(name).orElseThrow();
    }

    List<Field> fields(String... names) {
        return Arrays.stream(names).map(this::field).toList();
    }

    /** A record cast to canonical form, failing on any violation. */
    ObjectNode record(String json) {
        CastResult result = caster.cast(json(json), false);
        if (!result.valid()) {
            throw new IllegalArgumentException(result.violations().toString());
        }
        return result.record();
    }

    /** {@code field op values}, each value JSON text; values of typed operators are cast like the planner does. */
    BoundCondition.Compare cmp(String name, Op op, String... values) {
        Field field = field(name);
        List<JsonNode> nodes = Arrays.stream(values).map(QueryFixtures::json)
                .map(v -> TYPED.contains(op) ? caster.castValue(field, v) : v).toList();
        return new BoundCondition.Compare(field, op, nodes);
    }

    BoundSort sort(String name, boolean descending, Nulls nulls) {
        return new BoundSort(field(name), descending, nulls);
    }

    static BoundCondition and(BoundCondition... items) {
        return new BoundCondition.And(List.of(items));
    }

    static BoundCondition or(BoundCondition... items) {
        return new BoundCondition.Or(List.of(items));
    }

    static BoundCondition not(BoundCondition item) {
        return new BoundCondition.Not(item);
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
