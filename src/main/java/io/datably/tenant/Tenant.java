package io.datably.tenant;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import java.util.regex.Pattern;

/**
 * A tenant and where its data lives: the PostgreSQL schema {@code t_<id>} (and the MongoDB database of the same name).
 * The id is restricted so that the schema name is a plain SQL identifier.
 */
public record Tenant(String id) {
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0,39}");

    public Tenant {
        if (id == null || !VALID.matcher(id).matches()) {
            throw new DatablyException(ErrorCode.INVALID_TENANT,
                    "Tenant id must be 1-40 characters of lowercase letters, digits and '_', starting with a letter");
        }
    }

    /** The PostgreSQL schema (and MongoDB database) that holds this tenant's records. */
    public String storageNamespace() {
        return "t_" + id;
    }
}
