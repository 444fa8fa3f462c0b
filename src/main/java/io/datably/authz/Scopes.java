package io.datably.authz;

import io.datably.error.DatablyException;
import java.util.regex.Pattern;

/**
 * The Cerbos scope of a catalog object: {@code <tenant>.<app>.<datasource>.<table>}, as deep as the object, so
 * policies can set tenant-wide defaults and override them per app, datasource or table (the PDP falls back to the
 * nearest scope that has a policy).
 */
public final class Scopes {
    /** What a Cerbos scope segment may hold; catalog slugs and table names always do. */
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,199}");

    private Scopes() {
    }

    /** The scope of the path of names {@code tenant, app, datasource, table} (any prefix of it). */
    public static String of(String... names) {
        StringBuilder scope = new StringBuilder();
        for (String name : names) {
            if (name == null) {
                break;
            }
            if (!SEGMENT.matcher(name).matches()) {
                // No catalog object has such a name, so none can be addressed by it.
                throw DatablyException.notFound("Name", DatablyException.abbreviate(name));
            }
            scope.append(scope.isEmpty() ? "" : ".").append(name);
        }
        return scope.toString();
    }
}
