package io.datably.query.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.datably.query.model.Condition;
import io.datably.query.model.Op;
import io.datably.query.parse.GroupTokenizer.Kind;
import io.datably.query.parse.GroupTokenizer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * The URL's boolean groups, {@code or=(age__lt=18,and=(age__gt=65,not=(name=x)))}: a recursive-descent parser over
 * {@link GroupTokenizer}, one method per rule. Depth is capped so hostile input cannot exhaust the stack.
 * <pre>
 * group  = "(" item { "," item } ")" ;
 * item   = ( "or" | "and" | "not" ) "=" group
 *        | key "=" value ;                    (* key: a__b__op, see PathSyntax *)
 * value  = [ word | quoted ]                  (* scalar operators; nothing means "" *)
 *        | "(" [ entry { "," entry } ] ")"    (* list operators ... *)
 *        | quoted ;                           (* ... or their list in quotes, read as a top-level list *)
 * entry  = [ word | quoted ] ;
 * </pre>
 */
final class GroupParser {

    static final int MAX_DEPTH = 32;

    private final Culprit culprit;
    private final GroupTokenizer tokens;

    private GroupParser(Culprit culprit, GroupTokenizer tokens) {
        this.culprit = culprit;
        this.tokens = tokens;
    }

    static boolean isGroupKeyword(String name) {
        return name.equals("or") || name.equals("and") || name.equals("not");
    }

    /** One {@code or}, {@code and} or {@code not} parameter's value, e.g. {@code (a=1,b=2)}. */
    static Condition parse(String keyword, String value) {
        Culprit culprit = Culprit.parameter(keyword);
        GroupParser parser = new GroupParser(culprit, GroupTokenizer.group(culprit, value));
        Condition condition = parser.group(keyword, 1);
        parser.tokens.expect(Kind.END, "the end of the value after the group's closing ')'");
        return condition;
    }

    private Condition group(String keyword, int depth) {
        if (depth > MAX_DEPTH) {
            throw tokens.error("groups are nested more than " + MAX_DEPTH + " deep", tokens.peek().position());
        }
        tokens.expect(Kind.OPEN, "'(' to open the '" + keyword + "' group");
        if (tokens.peek().kind() == Kind.CLOSE) {
            throw tokens.error("the '" + keyword + "' group is empty; give at least one condition",
                    tokens.peek().position());
        }
        List<Condition> items = new ArrayList<>();
        while (true) {
            items.add(item(depth));
            Token after = tokens.next();
            if (after.kind() == Kind.CLOSE) {
                return combine(keyword, items);
            }
            if (after.kind() != Kind.COMMA) {
                throw tokens.error("expected ',' or ')' after a condition but found " + after.describe(),
                        after.position(), GroupTokenizer.quoteHint(after));
            }
        }
    }

    private Condition item(int depth) {
        Token key = tokens.next();
        if (key.kind() != Kind.WORD || key.quoted()) {
            throw tokens.error("expected a condition (field=value, or=(…), and=(…), not=(…)) but found "
                    + key.describe(), key.position());
        }
        tokens.expect(Kind.EQUALS, "'=' after " + Excerpt.of(key.text()));
        if (isGroupKeyword(key.text())) {
            return group(key.text(), depth + 1);
        }
        PathSyntax.FilterKey filter = PathSyntax.filterKey(culprit, key.text());
        JsonNode value = filter.op().takesList() ? list(filter.op()) : scalar();
        return new Condition.Compare(filter.path(), filter.op(), value);
    }

    private JsonNode scalar() {
        Token value = tokens.peek();
        if (value.kind() == Kind.COMMA || value.kind() == Kind.CLOSE) {
            return TextNode.valueOf("");
        }
        if (value.kind() != Kind.WORD) {
            throw tokens.error("expected a value but found " + value.describe(), value.position(),
                    GroupTokenizer.quoteHint(value));
        }
        return TextNode.valueOf(tokens.next().text());
    }

    /** A bare list would be ambiguous here (its commas also separate conditions), so it is bracketed or quoted. */
    private JsonNode list(Op op) {
        Token start = tokens.next();
        if (start.kind() == Kind.OPEN) {
            return ListSyntax.toArray(culprit, op, ListSyntax.items(tokens, Kind.CLOSE, "',' or ')'"));
        }
        if (start.kind() == Kind.WORD && start.quoted()) {
            return ListSyntax.parse(culprit, op, start.text());
        }
        throw tokens.error("expected the list of '" + op.token() + "' but found " + start.describe(),
                start.position(),
                "inside a group a list goes in parentheses or double quotes, e.g. id__in=(1,2) or id__in=\"1,2\"");
    }

    /** {@code not=(a=1,b=2)} negates the conjunction: a group's items are ANDed unless the group is an {@code or}. */
    private static Condition combine(String keyword, List<Condition> items) {
        return switch (keyword) {
            case "or" -> new Condition.Or(items);
            case "and" -> new Condition.And(items);
            default -> new Condition.Not(items.size() == 1 ? items.get(0) : new Condition.And(items));
        };
    }
}
