package io.datably.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The catalog's Liquibase changelog as this build ships it, and the query that tells how much of it is applied. */
public final class CatalogChangelog {
    public static final String PATH = "db/catalog-changelog.yaml";
    /** How many of the changesets named by the array parameter $1 / ? are applied. */
    public static final String APPLIED_SQL = "SELECT count(*) FROM databasechangelog WHERE id = ANY(%s)";
    /** A changeset's id line in our YAML changelog ({@code - changeSet:} then {@code id: ...}). */
    private static final Pattern CHANGESET_ID = Pattern.compile("(?m)^\\s+id:\\s*(\\S+)\\s*$");

    private CatalogChangelog() {
    }

    /** The ids of the changelog's changesets, in order. */
    public static List<String> changesetIds() {
        try (InputStream in = CatalogChangelog.class.getClassLoader().getResourceAsStream(PATH)) {
            if (in == null) {
                throw new IllegalStateException(PATH + " is not on the class path");
            }
            Matcher m = CHANGESET_ID.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            List<String> ids = m.results().map(r -> r.group(1)).toList();
            if (ids.isEmpty()) {
                throw new IllegalStateException(PATH + " names no changeset");
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
