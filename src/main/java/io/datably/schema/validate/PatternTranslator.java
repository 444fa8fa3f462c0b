package io.datably.schema.validate;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Translates a Table Schema {@code pattern} (XML Schema regex) to RE2/J, whose matching time is linear in the value
 * whatever the pattern: patterns come from users, and a backtracking engine lets {@code ((a+)*)+b} stall a thread
 * for minutes on 30 characters. Callers must use {@code matcher(value).matches()}: XML Schema patterns are implicitly
 * anchored, and matches() anchors the whole alternation ({@code a|b} rejects "ab").
 *
 * <p>What we translate: character-class subtraction {@code [a-z-[aeiou]]} and block escapes
 * {@code \p{IsBasicLatin}}, which RE2 lacks, become explicit code point ranges ({@link CodePointSet}), as do the XML
 * name escapes {@code \i \c \I \C} (BMP ranges) and negated escapes inside classes; {@code .} keeps Java's meaning
 * (no line terminators). A class subtraction involving Unicode categories ({@code \p{L}}) is refused: RE2 has
 * no intersection, and categories have no ranges here. What we reject: constructs that would silently change the
 * meaning or that RE2 cannot run in linear time (lookaround, inline flags, backreferences, lazy and possessive
 * quantifiers, escapes such as \b \A \Q), and repeat counts over 1000 (RE2's limit). {@code ^} and {@code $} act as
 * anchors (as in the reference, which uses Python's re); under matches() they are harmless at the ends.
 * {@code \d \w \s} have their ASCII meaning.
 */
final class PatternTranslator {
    private static final CodePointSet NAME_START = CodePointSet.of(':', ':', 'A', 'Z', '_', '_', 'a', 'z',
            0xC0, 0xD6, 0xD8, 0xF6, 0xF8, 0x2FF, 0x370, 0x37D, 0x37F, 0x1FFF, 0x200C, 0x200D, 0x2070, 0x218F,
            0x2C00, 0x2FEF, 0x3001, 0xD7FF, 0xF900, 0xFDCF, 0xFDF0, 0xFFFD);
    private static final CodePointSet NAME_CHAR = NAME_START.union(CodePointSet.of('-', '.', '0', '9', 0xB7, 0xB7,
            0x300, 0x36F, 0x203F, 0x2040));
    /** Java's {@code .}: anything but a line terminator. */
    private static final String ANY = "[^\\n\\r\\x{85}\\x{2028}\\x{2029}]";
    private static final String QUANTIFIERS = "*+?}";

    private final String src;
    private int pos;

    private PatternTranslator(String src) {
        this.src = src;
    }

    /** Translates and compiles; IllegalArgumentException saying why when the pattern is not usable. */
    static Pattern compile(String xsdPattern) {
        String translated = translate(xsdPattern);
        try {
            return Pattern.compile(translated);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription() + " at '" + e.getPattern() + "'", e);
        }
    }

    static String translate(String xsdPattern) {
        PatternTranslator t = new PatternTranslator(xsdPattern);
        StringBuilder out = new StringBuilder();
        boolean afterQuantifier = false;
        while (t.pos < t.src.length()) {
            char c = t.src.charAt(t.pos++);
            if ((c == '?' || c == '+') && afterQuantifier) {
                throw new IllegalArgumentException("lazy/possessive quantifiers are not XML Schema syntax (at "
                        + (t.pos - 1) + ")");
            }
            switch (c) {
                case '\\' -> out.append(t.escape().re2());
                case '[' -> out.append(t.charClass().re2());
                case '.' -> out.append(ANY);
                case '(' -> {
                    if (t.peek(0) == '?') {
                        if (t.src.startsWith("?:", t.pos)) {
                            out.append("(?:");
                            t.pos += 2;
                            continue;
                        }
                        throw new IllegalArgumentException("lookaround, named groups and inline flags are not supported");
                    }
                    out.append('(');
                }
                default -> out.append(c);
            }
            afterQuantifier = QUANTIFIERS.indexOf(c) >= 0;
        }
        return out.toString();
    }

    /** One character, a set of them, or a Unicode category escape ({@code \p{L}}), which stays RE2 text. */
    private record Atom(CodePointSet set, String category, int single) {
        static Atom of(int codePoint) {
            return new Atom(CodePointSet.range(codePoint, codePoint), null, codePoint);
        }

        static Atom of(CodePointSet set) {
            return new Atom(set, null, -1);
        }

        String re2() {
            return category != null ? category : set.re2Class();
        }
    }

    /** A character class: code point ranges, plus category escapes RE2 reads itself. */
    private record CharClass(boolean negated, CodePointSet set, String categories) {
        String re2() {
            if (categories.isEmpty()) {
                return (negated ? set.complement() : set).re2Class();
            }
            return "[" + (negated ? "^" : "") + set.re2Members() + categories + "]";
        }

        CodePointSet asSet() {
            if (!categories.isEmpty()) {
                throw new IllegalArgumentException("class subtraction cannot involve Unicode categories ("
                        + categories + ")");
            }
            return negated ? set.complement() : set;
        }
    }

    private int peek(int ahead) {
        return pos + ahead < src.length() ? src.charAt(pos + ahead) : -1;
    }

    /** A class starting after its '['. */
    private CharClass charClass() {
        boolean negated = peek(0) == '^';
        if (negated) {
            pos++;
        }
        CodePointSet set = CodePointSet.EMPTY;
        StringBuilder categories = new StringBuilder();
        boolean first = true;
        while (pos < src.length()) {
            if (peek(0) == ']' && !first) {
                pos++;
                return new CharClass(negated, set, categories.toString());
            }
            first = false;
            if (peek(0) == '-' && peek(1) == '[') { // subtraction: must be the last part of the class
                pos += 2;
                CharClass subtracted = charClass();
                if (peek(0) != ']') {
                    throw new IllegalArgumentException("class subtraction must end the character class");
                }
                pos++;
                CodePointSet base = new CharClass(negated, set, categories.toString()).asSet();
                return new CharClass(false, base.minus(subtracted.asSet()), "");
            }
            Atom atom = classAtom();
            if (atom.single() >= 0 && peek(0) == '-' && peek(1) != ']' && peek(1) != '[' && peek(1) >= 0) {
                pos++;
                Atom high = classAtom();
                if (high.single() < 0) {
                    throw new IllegalArgumentException("a range must end with a single character");
                }
                set = set.union(CodePointSet.range(atom.single(), high.single()));
            } else if (atom.category() != null) {
                categories.append(atom.category());
            } else {
                set = set.union(atom.set());
            }
        }
        throw new IllegalArgumentException("unterminated character class");
    }

    private Atom classAtom() {
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        return c == '\\' ? escape() : Atom.of(c);
    }

    /** An escape, after its backslash. */
    private Atom escape() {
        if (pos >= src.length()) {
            throw new IllegalArgumentException("pattern ends with a lone backslash");
        }
        int c = src.codePointAt(pos);
        pos += Character.charCount(c);
        return switch (c) {
            case 'n' -> Atom.of('\n');
            case 'r' -> Atom.of('\r');
            case 't' -> Atom.of('\t');
            case 'd' -> Atom.of(CodePointSet.DIGITS);
            case 'D' -> Atom.of(CodePointSet.DIGITS.complement());
            case 'w' -> Atom.of(CodePointSet.WORD);
            case 'W' -> Atom.of(CodePointSet.WORD.complement());
            case 's' -> Atom.of(CodePointSet.SPACE);
            case 'S' -> Atom.of(CodePointSet.SPACE.complement());
            case 'i' -> Atom.of(NAME_START);
            case 'I' -> Atom.of(NAME_START.complement());
            case 'c' -> Atom.of(NAME_CHAR);
            case 'C' -> Atom.of(NAME_CHAR.complement());
            case 'p', 'P' -> property(c == 'P');
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    throw new IllegalArgumentException("unsupported escape \\" + Character.toString(c)
                            + (Character.isDigit(c) ? " (backreferences are not supported)" : ""));
                }
                yield Atom.of(c); // escaped punctuation is a literal
            }
        };
    }

    /** {@code \p{IsBlock}} (a Unicode block, as ranges) or {@code \p{Category}} (RE2 reads it). */
    private Atom property(boolean negated) {
        int close = src.indexOf('}', pos);
        if (peek(0) != '{' || close < 0) {
            throw new IllegalArgumentException("\\" + (negated ? 'P' : 'p') + " must be followed by {name}");
        }
        String name = src.substring(pos + 1, close);
        pos = close + 1;
        if (name.startsWith("Is")) {
            CodePointSet block = CodePointSet.block(name.substring(2));
            return Atom.of(negated ? block.complement() : block);
        }
        if (!name.matches("[A-Za-z_]+")) {
            throw new IllegalArgumentException("unknown property \\p{" + name + "}");
        }
        return new Atom(null, (negated ? "\\P{" : "\\p{") + name + "}", -1);
    }
}
