package io.datably.service.catalog.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.query.model.Op;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Which filters a list declares, and how a wide table's are cut to what a generated Java method can take. */
class ListParametersTest {
    private static TableSchema table(int strings, FieldType... others) {
        List<Field> fields = new ArrayList<>();
        IntStream.range(0, strings).forEach(i -> fields.add(new Field("s" + i, FieldType.STRING, null, null, null, null)));
        for (int i = 0; i < others.length; i++) {
            fields.add(new Field("o" + i, others[i], null, null, null, null));
        }
        return new TableSchema(fields, List.of(), null, null, null);
    }

    private static Set<String> declared(TableSchema table, Set<Op> ops) {
        List<ObjectNode> all = new ArrayList<>(ListParameters.controls(table, true, List.of()).values());
        all.addAll(ListParameters.filters(table, ops, ListParameters.LIST_OWN).values());
        return ListParameters.fit(ListParameters.distinct(all)).stream().map(p -> p.get("name").asText())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void operatorsFollowTheFieldsTypeAndTheProvider() {
        TableSchema t = table(1, FieldType.INTEGER, FieldType.DATETIME, FieldType.ARRAY, FieldType.OBJECT);
        Set<String> names = declared(t, EnumSet.allOf(Op.class));
        assertTrue(names.containsAll(List.of("s0", "s0__icontains", "s0__gte", "o0__range", "o1__year",
                "o2__hasany", "o3__haskey", "o3__isnull")), names.toString());
        assertFalse(names.contains("o0__contains"));
        assertFalse(names.contains("o2__gt"));
        assertFalse(names.contains("o3"), "no equality on a whole object");
        // A provider without an operator: not declared.
        Set<Op> some = EnumSet.allOf(Op.class);
        some.remove(Op.ICONTAINS);
        assertFalse(declared(t, some).contains("s0__icontains"));
    }

    @Test
    void aFieldNamedLikeAListParameterIsFilteredWithEq() {
        TableSchema t = new TableSchema(List.of(new Field("page", FieldType.INTEGER, null, null, null, null)),
                List.of(), null, null, null);
        Set<String> names = declared(t, EnumSet.allOf(Op.class));
        assertTrue(names.contains("page__eq"));
        assertTrue(names.contains("page"), "the list's own page parameter stays");
    }

    @Test
    void aWideTableKeepsTheCommonFiltersWithinAJavaMethodsLimit() {
        Set<String> names = declared(table(30), EnumSet.allOf(Op.class));
        assertTrue(names.size() <= ListParameters.MAX_PARAMETERS, "" + names.size());
        assertTrue(names.containsAll(List.of("page", "page_size", "ordering", "fields", "search", "s29",
                "s29__icontains", "s0__gte")), names.toString());
        assertFalse(names.contains("s0__iexact"), "the rarer operators go first, for every field");
        Set<String> huge = declared(table(300), EnumSet.allOf(Op.class));
        assertEquals(ListParameters.MAX_PARAMETERS, huge.size());
        assertTrue(huge.containsAll(List.of("page", "ordering", "s0")));
    }
}
