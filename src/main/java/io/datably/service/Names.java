package io.datably.service;

import io.datably.error.DatablyException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** The naming rules of catalog objects, in one place: display names, slugs, table names, physical names. */
public final class Names {
    private static final int MAX_NAME = 255;
    private static final int MAX_SLUG = 100;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9_-]{0,99})");
    /** Table names appear in URLs, TreeQL paths and foreign-key references: keep them identifier-like. */
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");
    private static final int MAX_PHYSICAL = 55;

    private Names() {
    }

    public static String requireName(String field, String name) {
        if (name == null) {
            throw DatablyException.invalidField(field, "required", "is required");
        }
        String trimmed = name.strip();
        if (trimmed.isEmpty()) {
            throw DatablyException.invalidField(field, "blank", "must not be blank");
        }
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_NAME) {
            throw DatablyException.invalidField(field, "max_length", "must be at most " + MAX_NAME + " characters");
        }
        if (trimmed.chars().anyMatch(c -> Character.isISOControl(c))) {
            throw DatablyException.invalidField(field, "invalid", "must not contain control characters");
        }
        return trimmed;
    }

    /** A free-text description: anything but NUL, which PostgreSQL text cannot hold; absent is "". */
    public static String description(String field, String description) {
        if (description == null) {
            return "";
        }
        if (description.indexOf('\0') >= 0) {
            throw DatablyException.invalidField(field, "invalid", "must not contain NUL characters (\\u0000)");
        }
        return description;
    }

    public static String requireSlug(String field, String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw DatablyException.invalidField(field, "invalid",
                    "must be 1-" + MAX_SLUG + " lowercase letters, digits, '-' or '_', starting with a letter or digit");
        }
        return slug;
    }

    /** {@code "My Application"} → {@code "my-application"}; accents are dropped, other symbols become '-'. */
    public static String slugFrom(String field, String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            slug = slug.substring(0, MAX_SLUG).replaceAll("-+$", "");
        }
        if (slug.isEmpty()) {
            throw DatablyException.invalidField(field, "no_slug",
                    "yields an empty slug (no ASCII letters or digits); give a 'slug' explicitly");
        }
        return slug;
    }

    public static String requireTableName(String field, String name) {
        if (name == null) {
            throw DatablyException.invalidField(field, "required", "is required");
        }
        if (!TABLE.matcher(name).matches()) {
            throw DatablyException.invalidField(field, "invalid",
                    "must be 1-63 characters of letters, digits, '_' or '-', starting with a letter or '_'");
        }
        return name;
    }

    /** Index names follow the table-name rules: they appear in URLs and, prefixed, in physical index names. */
    public static String requireIndexName(String field, String name) {
        return requireTableName(field, name);
    }

    /** The SQL-safe base of a physical table name: {@code {app_slug}_{table}}, lowercase, at most 55 characters. */
    public static String physicalBase(String appSlug, String tableName) {
        String base = (appSlug + "_" + tableName).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_")
                .replaceAll("_+", "_");
        if (!Character.isLetter(base.charAt(0))) {
            base = "t_" + base;
        }
        return base.length() > MAX_PHYSICAL ? base.substring(0, MAX_PHYSICAL) : base;
    }
}
