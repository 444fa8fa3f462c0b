package io.datably.provider.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoWriteException;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Translates driver failures into {@link DatablyException}s: duplicate keys to DUPLICATE, the rest to PROVIDER_ERROR.
 * MongoDB's own text (database and collection names, values, server addresses) is logged, never answered.
 */
final class MongoErrors {
    private static final Logger LOG = Logger.getLogger(MongoErrors.class);
    static final int NAMESPACE_EXISTS = 48;
    /** dropIndexes of an index that does not exist (already gone: nothing to do). */
    static final int INDEX_NOT_FOUND = 27;
    /** Index names hold field names, which may contain spaces: the name runs up to " dup key:" when present. */
    private static final Pattern INDEX_NAME = Pattern.compile("index: (.+?)(?: dup key:|$)");

    private MongoErrors() {
    }

    /** The Mongo error code of a failure, or -1 when it is not a server error. */
    static int code(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MongoBulkWriteException bulk && !bulk.getWriteErrors().isEmpty()) {
            return bulk.getWriteErrors().get(0).getCode();
        }
        return cause instanceof MongoServerException server ? server.getCode() : -1;
    }

    /** The failure as the service reports it; {@code uniqueFields} maps index names to the fields they cover. */
    static RuntimeException translate(Throwable failure, String tableName, Map<String, List<String>> uniqueFields) {
        Throwable cause = unwrap(failure);
        if (cause instanceof DatablyException datably) {
            return datably;
        }
        if (ErrorCategory.fromErrorCode(code(cause)) == ErrorCategory.DUPLICATE_KEY) {
            return duplicate(message(cause), tableName, uniqueFields);
        }
        return DatablyException.providerError(new IllegalStateException("MongoDB error " + code(cause) + " on table "
                + tableName + ": " + message(cause), cause));
    }

    private static DatablyException duplicate(String message, String tableName, Map<String, List<String>> uniqueFields) {
        Matcher matcher = INDEX_NAME.matcher(message);
        List<String> fields = matcher.find() ? uniqueFields.get(matcher.group(1)) : null;
        if (fields == null) {
            // An index the schema does not know (made outside Datably, or by a concurrent change): its name and the
            // duplicate value MongoDB quotes stay in the log.
            LOG.debugf("Duplicate on an unknown index of table %s: %s", tableName, message);
            return DatablyException.duplicate("Duplicate value for a unique key of table '" + tableName + "'");
        }
        String what = matcher.group(1).equals("_id_") ? "primary key" : "unique key";
        return new DatablyException(ErrorCode.DUPLICATE, "Duplicate value for " + what + " ("
                + String.join(", ", fields) + ") of table '" + tableName + "': a record with this value already exists",
                fields.stream().map(f -> new ProblemItem(f, "unique", "a record with this value already exists"))
                        .toList());
    }

    /** MongoDB's own message, without the driver's wrapping (server address, full response document). */
    static String message(Throwable failure) {
        Throwable cause = unwrap(failure);
        if (cause instanceof MongoCommandException command) {
            return command.getErrorMessage();
        }
        if (cause instanceof MongoBulkWriteException bulk && !bulk.getWriteErrors().isEmpty()) {
            return bulk.getWriteErrors().get(0).getMessage();
        }
        if (cause instanceof MongoWriteException write) {
            return write.getError().getMessage();
        }
        if (cause instanceof MongoException mongo) {
            return mongo.getMessage();
        }
        return String.valueOf(cause.getMessage());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
