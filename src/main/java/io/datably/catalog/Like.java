package io.datably.catalog;

/** Builds LIKE patterns from user text, escaping the wildcards so that the text matches literally. */
final class Like {
    private Like() {
    }

    static String containing(String text) {
        String escaped = text.toLowerCase().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
