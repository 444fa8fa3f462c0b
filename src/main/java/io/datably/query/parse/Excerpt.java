package io.datably.query.parse;

/** Short, printable quotes of client input for error messages: enough to spot the mistake, never the whole value. */
final class Excerpt {

    private static final int WIDTH = 40;

    private Excerpt() {
    }

    /** The text quoted whole when short, else its start followed by an ellipsis. */
    static String of(String text) {
        return "'" + cut(text, WIDTH) + "'";
    }

    /** Where in a long value the scanner gave up, with the text around it: {@code at character 8 in '(a=1,b=(2))'}. */
    static String at(String text, int position) {
        int start = Math.max(0, Math.min(position, text.length()) - WIDTH / 2);
        int end = Math.min(text.length(), start + WIDTH);
        return "at character " + (position + 1) + " in '" + (start > 0 ? "…" : "")
                + printable(text.substring(start, end)) + (end < text.length() ? "…" : "") + "'";
    }

    static String cut(String text, int width) {
        return text.length() <= width ? printable(text) : printable(text.substring(0, width)) + "…";
    }

    /** Control characters would garble logs and terminals; they are shown as '?'. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
