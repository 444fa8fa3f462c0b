package io.datably.schema.validate;

import java.lang.Character.UnicodeBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of Unicode code points as sorted, disjoint ranges: how XML Schema's character-class subtraction, negated
 * escapes inside classes and Unicode blocks are written for RE2, which has none of them.
 */
final class CodePointSet {
    static final CodePointSet EMPTY = new CodePointSet(new int[0]);
    static final CodePointSet DIGITS = range('0', '9');
    static final CodePointSet WORD = of('0', '9', 'A', 'Z', '_', '_', 'a', 'z');
    static final CodePointSet SPACE = of('\t', '\n', 0x0B, 0x0B, '\f', '\r', ' ', ' ');

    /** Pairs lo, hi (inclusive), sorted and neither overlapping nor adjacent. */
    private final int[] ranges;

    private CodePointSet(int[] ranges) {
        this.ranges = ranges;
    }

    static CodePointSet range(int lo, int hi) {
        if (lo > hi) {
            throw new IllegalArgumentException("character range out of order: " + show(lo) + "-" + show(hi));
        }
        return new CodePointSet(new int[] {lo, hi});
    }

    /** Ranges given as lo, hi pairs, in any order. */
    static CodePointSet of(int... pairs) {
        CodePointSet set = EMPTY;
        for (int i = 0; i < pairs.length; i += 2) {
            set = set.union(range(pairs[i], pairs[i + 1]));
        }
        return set;
    }

    /** The code points of a Unicode block, by the name XML Schema uses after {@code Is} ({@code BasicLatin}). */
    static CodePointSet block(String name) {
        UnicodeBlock block;
        try {
            block = UnicodeBlock.forName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown Unicode block '" + name + "'");
        }
        return Blocks.RANGES.get(block);
    }

    CodePointSet union(CodePointSet other) {
        List<int[]> all = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) {
            all.add(new int[] {ranges[i], ranges[i + 1]});
        }
        for (int i = 0; i < other.ranges.length; i += 2) {
            all.add(new int[] {other.ranges[i], other.ranges[i + 1]});
        }
        all.sort((a, b) -> Integer.compare(a[0], b[0]));
        List<Integer> merged = new ArrayList<>();
        for (int[] r : all) {
            int last = merged.size() - 1;
            if (last > 0 && r[0] <= merged.get(last) + 1) {
                merged.set(last, Math.max(merged.get(last), r[1]));
            } else {
                merged.add(r[0]);
                merged.add(r[1]);
            }
        }
        return new CodePointSet(merged.stream().mapToInt(Integer::intValue).toArray());
    }

    CodePointSet complement() {
        List<Integer> out = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            if (ranges[i] > next) {
                out.add(next);
                out.add(ranges[i] - 1);
            }
            next = ranges[i + 1] + 1;
        }
        if (next <= Character.MAX_CODE_POINT) {
            out.add(next);
            out.add(Character.MAX_CODE_POINT);
        }
        return new CodePointSet(out.stream().mapToInt(Integer::intValue).toArray());
    }

    CodePointSet minus(CodePointSet other) {
        return complement().union(other).complement();
    }

    boolean isEmpty() {
        return ranges.length == 0;
    }

    /** The ranges as the inside of an RE2 class ({@code \x{61}-\x{7a}...}); empty for the empty set. */
    String re2Members() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < ranges.length; i += 2) {
            out.append(hex(ranges[i]));
            if (ranges[i + 1] > ranges[i]) {
                out.append('-').append(hex(ranges[i + 1]));
            }
        }
        return out.toString();
    }

    /** A whole RE2 class; the empty set is a class that matches nothing (RE2 has no {@code []}). */
    String re2Class() {
        return isEmpty() ? "[^\\x{0}-\\x{10ffff}]" : "[" + re2Members() + "]";
    }

    private static String hex(int cp) {
        return "\\x{" + Integer.toHexString(cp) + "}";
    }

    private static String show(int cp) {
        return "U+" + Integer.toHexString(cp).toUpperCase();
    }

    /** Java knows each code point's block but not a block's range: one scan, the first time a pattern names one. */
    private static final class Blocks {
        static final Map<UnicodeBlock, CodePointSet> RANGES = scan();

        private static Map<UnicodeBlock, CodePointSet> scan() {
            Map<UnicodeBlock, CodePointSet> ranges = new HashMap<>();
            UnicodeBlock current = null;
            int start = 0;
            for (int cp = 0; cp <= Character.MAX_CODE_POINT + 1; cp++) {
                UnicodeBlock block = cp <= Character.MAX_CODE_POINT ? UnicodeBlock.of(cp) : null;
                if (block != current) {
                    if (current != null) {
                        ranges.merge(current, range(start, cp - 1), CodePointSet::union);
                    }
                    current = block;
                    start = cp;
                }
            }
            return ranges;
        }
    }
}
