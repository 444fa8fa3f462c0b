package io.datably.authz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import io.datably.query.model.Condition;
import io.datably.query.model.Op;
import io.datably.query.model.RowFilter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Cerbos query plan ({@code PlanResources}) as Datably's own filter tree: the records a caller may act on, which
 * the planner binds to the table's schema and every provider pushes down. The plan's conditions compare resource
 * attributes ({@code request.resource.attr.<field>}, a record's fields) with values; principal attributes are
 * already replaced by their values. Anything this does not translate denies every record (fail closed), and
 * {@link Untranslatable} says why, for the log.
 */
public final class PlanTranslator {
    private static final List<String> ATTRIBUTE = List.of("request.resource.attr.", "R.attr.");
    /** Comparisons, by Cerbos operator; the flipped form is used when the value comes first ({@code 5 < attr}). */
    private static final Map<String, Op[]> COMPARISONS = Map.of(
            "eq", new Op[] {Op.EQ, Op.EQ}, "ne", new Op[] {Op.NE, Op.NE},
            "lt", new Op[] {Op.LT, Op.GT}, "le", new Op[] {Op.LTE, Op.GTE},
            "gt", new Op[] {Op.GT, Op.LT}, "ge", new Op[] {Op.GTE, Op.LTE});
    /** String functions with an operator of their own ({@code R.attr.name.startsWith("a")}). */
    private static final Map<String, Op> STRING_TESTS = Map.of(
            "startsWith", Op.STARTSWITH, "endsWith", Op.ENDSWITH, "contains", Op.CONTAINS);

    /** A plan with a construct that is not translated; its records are all denied. */
    public static final class Untranslatable extends RuntimeException {
        Untranslatable(String message) {
            super(message);
        }
    }

    private PlanTranslator() {
    }

    /** The row filter of a {@code PlanResources} answer ({@code filter.kind} and {@code filter.condition}). */
    public static RowFilter translate(JsonNode plan) {
        JsonNode filter = plan.path("filter");
        return switch (filter.path("kind").asText()) {
            case "KIND_ALWAYS_ALLOWED" -> RowFilter.ALL;
            case "KIND_ALWAYS_DENIED" -> RowFilter.NONE;
            case "KIND_CONDITIONAL" -> new RowFilter.Only(condition(filter.path("condition")));
            default -> throw new Untranslatable("unknown plan kind '" + filter.path("kind").asText() + "'");
        };
    }

    /** An operand that must be a condition: an expression, or a boolean attribute standing alone. */
    private static Condition condition(JsonNode operand) {
        if (operand.has("expression")) {
            return expression(operand.get("expression"));
        }
        if (operand.has("variable")) {
            return new Condition.Compare(List.of(field(operand)), Op.EQ, BooleanNode.TRUE);
        }
        throw new Untranslatable("operand " + operand + " is not a condition");
    }

    private static Condition expression(JsonNode expression) {
        String operator = expression.path("operator").asText();
        List<JsonNode> operands = new ArrayList<>();
        expression.path("operands").forEach(operands::add);
        return switch (operator) {
            case "and" -> new Condition.And(operands.stream().map(PlanTranslator::condition).toList());
            case "or" -> new Condition.Or(operands.stream().map(PlanTranslator::condition).toList());
            case "not" -> new Condition.Not(condition(single(operator, operands)));
            case "in" -> in(operands);
            case "eq", "ne", "lt", "le", "gt", "ge" -> comparison(operator, operands);
            case "startsWith", "endsWith", "contains" -> stringTest(operator, operands);
            default -> throw new Untranslatable("operator '" + operator + "' is not translated");
        };
    }

    /** {@code attr.startsWith("a")} and its kin, on a string value. */
    private static Condition stringTest(String operator, List<JsonNode> operands) {
        if (operands.size() != 2 || !operands.get(0).has("variable") || !operands.get(1).path("value").isTextual()) {
            throw new Untranslatable("'" + operator + "' other than an attribute tested with a string");
        }
        return new Condition.Compare(List.of(field(operands.get(0))), STRING_TESTS.get(operator),
                operands.get(1).get("value"));
    }

    private static JsonNode single(String operator, List<JsonNode> operands) {
        if (operands.size() != 1) {
            throw new Untranslatable("'" + operator + "' with " + operands.size() + " operands");
        }
        return operands.get(0);
    }

    /** {@code attr op value} or {@code value op attr}; a comparison with null is a null test. */
    private static Condition comparison(String operator, List<JsonNode> operands) {
        if (operands.size() != 2) {
            throw new Untranslatable("'" + operator + "' with " + operands.size() + " operands");
        }
        boolean attributeFirst = operands.get(0).has("variable") && operands.get(1).has("value");
        boolean valueFirst = operands.get(1).has("variable") && operands.get(0).has("value");
        if (!attributeFirst && !valueFirst) {
            throw new Untranslatable("'" + operator + "' does not compare an attribute with a value");
        }
        JsonNode attribute = operands.get(attributeFirst ? 0 : 1);
        JsonNode value = operands.get(attributeFirst ? 1 : 0).get("value");
        Op op = COMPARISONS.get(operator)[attributeFirst ? 0 : 1];
        List<String> path = List.of(field(attribute));
        if (value.isNull()) {
            if (op != Op.EQ && op != Op.NE) {
                throw new Untranslatable("'" + operator + "' with null");
            }
            return new Condition.Compare(path, Op.ISNULL, BooleanNode.valueOf(op == Op.EQ));
        }
        if (value.isContainerNode()) {
            throw new Untranslatable("'" + operator + "' with a list or map value");
        }
        return new Condition.Compare(path, op, value);
    }

    /** {@code attr in [values]}. */
    private static Condition in(List<JsonNode> operands) {
        if (operands.size() != 2 || !operands.get(0).has("variable") || !operands.get(1).path("value").isArray()) {
            throw new Untranslatable("'in' other than an attribute in a list of values");
        }
        JsonNode values = operands.get(1).get("value");
        if (values.isEmpty()) {
            throw new Untranslatable("'in' an empty list");
        }
        for (JsonNode value : values) {
            if (value.isContainerNode() || value.isNull()) {
                throw new Untranslatable("'in' a list holding " + value);
            }
        }
        return new Condition.Compare(List.of(field(operands.get(0))), Op.IN, values);
    }

    /** The record field a variable names: {@code request.resource.attr.department} → {@code department}. */
    private static String field(JsonNode operand) {
        String variable = operand.path("variable").asText();
        for (String prefix : ATTRIBUTE) {
            if (variable.startsWith(prefix) && variable.length() > prefix.length()
                    && variable.indexOf('.', prefix.length()) < 0) {
                return variable.substring(prefix.length());
            }
        }
        throw new Untranslatable("variable '" + variable + "' is not a field of the record");
    }
}
