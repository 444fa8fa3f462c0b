package io.datably.api.record;

import io.datably.error.DatablyException;
import io.datably.schema.model.SoftDelete;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.List;

/**
 * The soft-delete parameters of the records API: {@code ?deleted=include|only} on lists and reads (the query
 * parsers never see it), {@code ?purge=true} on a delete.
 */
final class DeletedParameters {
    static final String DELETED = "deleted";

    private DeletedParameters() {
    }

    /** Which records a list or read sees: live ones unless {@code deleted=include} or {@code deleted=only}. */
    static SoftDelete.Visibility visibility(MultivaluedMap<String, String> parameters) {
        List<String> values = parameters.get(DELETED);
        if (values == null) {
            return SoftDelete.Visibility.LIVE;
        }
        if (values.size() != 1) {
            throw DatablyException.invalidParameter(DELETED, "is given " + values.size() + " times; give it once");
        }
        return switch (values.get(0)) {
            case "include" -> SoftDelete.Visibility.INCLUDE;
            case "only" -> SoftDelete.Visibility.ONLY;
            case "exclude" -> SoftDelete.Visibility.LIVE;
            default -> throw DatablyException.invalidParameter(DELETED, "must be include, only or exclude; got '"
                    + DatablyException.abbreviate(values.get(0)) + "'");
        };
    }

    /** The parameters without {@code deleted}, for the query parsers. */
    static MultivaluedMap<String, String> others(MultivaluedMap<String, String> parameters) {
        if (!parameters.containsKey(DELETED)) {
            return parameters;
        }
        MultivaluedMap<String, String> others = new MultivaluedHashMap<>();
        parameters.forEach((name, values) -> {
            if (!name.equals(DELETED)) {
                others.put(name, values);
            }
        });
        return others;
    }

    /** {@code purge}: absent or false keeps a soft delete; true deletes for good. */
    static boolean purge(String value) {
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw DatablyException.invalidParameter("purge", "must be true or false; got '"
                + DatablyException.abbreviate(value) + "'");
    }
}
