package io.datably.authz;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The catalog action a resource method performs, checked by {@link CatalogAuthorization} before it runs. The object
 * is named by the path: its scope is the tenant followed by the path's {@code app}, {@code ds} and {@code table}
 * parameters, and its id the parameter of its own kind ({@code *} for a collection: list, create, adopt).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Authorize {
    Kind kind();

    /** The policy action: read, list, create, update, delete, migrate, index, adopt. */
    String action();
}
