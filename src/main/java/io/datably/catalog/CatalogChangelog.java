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
    /** A changeset's id line in our YAML changelog ({@code - changeSet:} then {@code id: ...}). */
    private static final Pattern CHANGESET_ID = Pattern.compile("(?m)^\\s+id:\\s*(\\S+)\\s*$");

    private CatalogChangelog() {
    }

    /**
     * The statement counting how many of the changesets named by the array parameter {@code param} ({@code $1} or
     * {@code ?}) are applied in {@code schema}, the catalog's. Named by its schema: tenants' schemas have a
     * databasechangelog of their own, and a pooled connection may come back from a tenant's DDL with that schema on
     * its search path.
     */
    public static String appliedSql(String schema, String param) {
        return "SELECT count(*) FROM \"" + schema.replace("\"", "\"\"") + "\".databasechangelog WHERE id = ANY("
                + param + ")";
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
