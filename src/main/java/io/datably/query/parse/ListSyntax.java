package io.datably.query.parse;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.datably.query.model.Op;
import io.datably.query.parse.GroupTokenizer.Kind;
import io.datably.query.parse.GroupTokenizer.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Values of list operators: {@code id__in=1,2,3}, {@code name__in="a,b",c}, and in groups {@code id__in=(1,2)}.
 * Empty items are kept as empty strings ({@code a,,b}); an empty value is an empty list.
 */
final class ListSyntax {

    private ListSyntax() {
    }

    /** A whole value (a URL parameter, or the inside of a quoted list in a group) as a list. */
    static ArrayNode parse(Culprit culprit, Op op, String text) {
        return toArray(culprit, op, items(GroupTokenizer.list(culprit, text), Kind.END, "',' or the end of the value"));
    }

    /** Reads items up to and including the {@code end} token (END for a whole value, CLOSE for a group's list). */
    static List<String> items(GroupTokenizer tokens, Kind end, String expected) {
        List<String> items = new ArrayList<>();
        if (tokens.peek().kind() == end) {
            tokens.next();
            return items;
        }
        while (true) {
            Token item = tokens.peek();
            if (item.kind() == Kind.WORD) {
                items.add(tokens.next().text());
            } else if (item.kind() == Kind.COMMA || item.kind() == end) {
                items.add("");
            } else {
                throw tokens.error("expected a list item but found " + item.describe(), item.position(),
                        GroupTokenizer.quoteHint(item));
            }
            Token after = tokens.next();
            if (after.kind() == end) {
                return items;
            }
            if (after.kind() != Kind.COMMA) {
                throw tokens.error("expected " + expected + " after a list item but found " + after.describe(),
                        after.position());
            }
        }
    }

    static ArrayNode toArray(Culprit culprit, Op op, List<String> items) {
        checkSize(culprit, op, items.size());
        ArrayNode array = JsonNodeFactory.instance.arrayNode(items.size());
        items.forEach(array::add);
        return array;
    }

    /** {@code range} is a closed interval, so it needs exactly its two bounds. */
    static void checkSize(Culprit culprit, Op op, int size) {
        if (op == Op.RANGE && size != 2) {
            throw culprit.error("size", "'range' takes exactly 2 values (from,to), got " + size);
        }
    }
}
