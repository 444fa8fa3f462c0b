package io.datably.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.query.model.Condition;
import io.datably.query.model.Op;
import io.datably.query.model.RowFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cerbos query plans, in the shapes the PDP answers, as Datably's filter trees; the rest fails closed. */
class PlanTranslatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RowFilter translate(String filter) throws Exception {
        return PlanTranslator.translate(JSON.readTree("{\"filter\":" + filter + "}"));
    }

    private static String conditional(String expression) {
        return "{\"kind\":\"KIND_CONDITIONAL\",\"condition\":{\"expression\":" + expression + "}}";
    }

    private static String attr(String name) {
        return "{\"variable\":\"request.resource.attr." + name + "\"}";
    }

    private static Condition only(RowFilter filter) {
        return ((RowFilter.Only) filter).condition();
    }

    @Test
    void alwaysAllowedAndAlwaysDeniedNeedNoCondition() throws Exception {
        assertEquals(RowFilter.ALL, translate("{\"kind\":\"KIND_ALWAYS_ALLOWED\"}"));
        assertEquals(RowFilter.NONE, translate("{\"kind\":\"KIND_ALWAYS_DENIED\"}"));
    }

    @Test
    void comparisonsOfAnAttributeWithAValue() throws Exception {
        assertEquals(new Condition.Compare(List.of("department"), Op.EQ, TextNode.valueOf("sales")),
                only(translate(conditional("{\"operator\":\"eq\",\"operands\":[" + attr("department")
                        + ",{\"value\":\"sales\"}]}"))));
        // A value first flips the comparison: 5 < level is level > 5.
        assertEquals(new Condition.Compare(List.of("level"), Op.GT, IntNode.valueOf(5)),
                only(translate(conditional("{\"operator\":\"lt\",\"operands\":[{\"value\":5}," + attr("level")
                        + "]}"))));
        assertEquals(new Condition.Compare(List.of("owner_id"), Op.ISNULL, BooleanNode.FALSE),
                only(translate(conditional("{\"operator\":\"ne\",\"operands\":[" + attr("owner_id")
                        + ",{\"value\":null}]}"))));
    }

    @Test
    void andOrNotInAndBareBooleans() throws Exception {
        Condition condition = only(translate(conditional("{\"operator\":\"and\",\"operands\":["
                + "{\"expression\":{\"operator\":\"not\",\"operands\":[{\"expression\":{\"operator\":\"ne\","
                + "\"operands\":[" + attr("department") + ",{\"value\":\"sales\"}]}}]}},"
                + "{\"expression\":{\"operator\":\"in\",\"operands\":[" + attr("status") + ",{\"value\":[\"a\",\"b\"]}]}},"
                + attr("published") + "]}")));
        Condition.And and = (Condition.And) condition;
        assertEquals(3, and.items().size());
        assertEquals(new Condition.Not(new Condition.Compare(List.of("department"), Op.NE, TextNode.valueOf("sales"))),
                and.items().get(0));
        assertEquals(Op.IN, ((Condition.Compare) and.items().get(1)).op());
        assertEquals(new Condition.Compare(List.of("published"), Op.EQ, BooleanNode.TRUE), and.items().get(2));
    }

    @Test
    void whatIsNotTranslatedIsRefused() {
        for (String plan : List.of(
                conditional("{\"operator\":\"hasIntersection\",\"operands\":[" + attr("tags") + ",{\"value\":[\"a\"]}]}"),
                conditional("{\"operator\":\"eq\",\"operands\":[{\"variable\":\"request.resource.attr.author.name\"},"
                        + "{\"value\":\"x\"}]}"),
                conditional("{\"operator\":\"eq\",\"operands\":[" + attr("a") + "," + attr("b") + "]}"),
                conditional("{\"operator\":\"in\",\"operands\":[" + attr("a") + ",{\"value\":[]}]}"),
                conditional("{\"operator\":\"eq\",\"operands\":[" + attr("a") + ",{\"value\":{\"x\":1}}]}"),
                "{\"kind\":\"KIND_SOMETHING_NEW\"}")) {
            assertThrows(PlanTranslator.Untranslatable.class, () -> translate(plan), plan);
        }
    }

    @Test
    void aPlanAsTheServiceReadsIt() throws Exception {
        JsonNode plan = JSON.readTree("{\"requestId\":\"datably\",\"action\":\"read\",\"resourceKind\":\"record\","
                + "\"filter\":{\"kind\":\"KIND_ALWAYS_ALLOWED\"},\"meta\":{}}");
        assertEquals(RowFilter.ALL, PlanTranslator.translate(plan));
    }
}
