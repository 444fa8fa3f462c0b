package io.datably.query.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.provider.spi.Capabilities;
import io.datably.query.model.Op;
import io.datably.query.model.RecordQuery;
import io.datably.query.parse.NativeQueryParser;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.RecordCaster;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.testsupport.Api;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The planner: capability refusals name operator and provider; values are cast; windows and tiebreaks. */
class QueryPlannerTest {
    private static final TableSchema SCHEMA = SchemaDescriptorParser.parse(Api.json("""
            {"fields":[{"name":"id","type":"integer"},{"name":"name","type":"string"},
              {"name":"born","type":"date"},{"name":"tags","type":"array"}],"primaryKey":["id"]}""")).schema();
    private static final QueryPlanner PLANNER = new QueryPlanner(50, 1000, new CursorCodec(new byte[32]));

    private static QueryPlanner.Target target(Capabilities capabilities) {
        return new QueryPlanner.Target("teststore", SCHEMA, new RecordCaster(SCHEMA), capabilities);
    }

    private static RecordQuery query(String... pairs) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            params.computeIfAbsent(pair.substring(0, eq), k -> new java.util.ArrayList<>()).add(pair.substring(eq + 1));
        }
        return NativeQueryParser.parse(params);
    }

    @Test
    void refusesOperatorsTheProviderLacksNamingBoth() {
        var limited = target(new Capabilities(false, false, EnumSet.complementOf(EnumSet.of(Op.REGEX)), false));
        DatablyException e = assertThrows(DatablyException.class,
                () -> PLANNER.plan(query("name__regex=^a"), limited));
        assertEquals(ErrorCode.UNSUPPORTED_BY_PROVIDER, e.code());
        assertTrue(e.getMessage().contains("regex") && e.getMessage().contains("teststore"), e.getMessage());
        DatablyException search = assertThrows(DatablyException.class, () -> PLANNER.plan(query("search=x"), limited));
        assertTrue(search.getMessage().contains("search") && search.getMessage().contains("teststore"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "id__gt=abc       | id__gt",
        "born__year=10000 | born__year",
        "tags__gt=1       | does not apply",
        "name__in=        | name__in",
        "page_size=1001   | page_size",
        "page=0           | page",
        "fields=nope      | nope",
        "ordering=tags    | ordering",
        "name__regex=(    | regular expression",
        "name__regex=(a)\\1 | backreferences",
        "name__iregex=(?=a) | lookaround",
        "name__regex=[[:foo:]] | [:foo:]",
        "id=              | isnull"})
    void refusesBadValuesNamingTheParameter(String pair, String named) {
        var all = target(new Capabilities(false, false));
        DatablyException e = assertThrows(DatablyException.class, () -> PLANNER.plan(query(pair), all));
        assertTrue(e.code().status() == 400, e.code().toString());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void castsValuesAndEndsTheOrderingWithTheKey() {
        BoundQuery bound = PLANNER.plan(query("id__in=1,02", "born__gte=2020-01-01", "ordering=-name",
                "page=3", "page_size=20"), target(new Capabilities(false, false)));
        List<BoundCondition> items = ((BoundCondition.And) bound.where()).items();
        BoundCondition.Compare in = (BoundCondition.Compare) items.get(0);
        BoundCondition.Compare gte = (BoundCondition.Compare) items.get(1);
        assertEquals("id", in.field().name());
        assertEquals(List.of(1L, 2L), in.values().stream().map(v -> v.longValue()).toList());
        assertEquals(Op.GTE, gte.op());
        assertEquals("2020-01-01", gte.value().textValue());
        assertEquals(List.of("name", "id"), bound.ordering().stream().map(s -> s.field().name()).toList());
        assertEquals(40, bound.offset());
        assertEquals(20, bound.limit());
    }
}
