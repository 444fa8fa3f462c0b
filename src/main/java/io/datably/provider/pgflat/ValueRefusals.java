package io.datably.provider.pgflat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.sql.PgErrors;
import io.datably.provider.sql.PgTypes;
import io.datably.schema.model.Field;
import io.datably.schema.model.TableSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * Names the value an adopted column's own type refused. PostgreSQL reports such a data exception (22xxx: "invalid
 * input value for enum mood", "invalid input syntax for type inet", "numeric field overflow") without the column,
 * let alone the record of a batch. Only on that failure path, each adopted column the statement was fed is tried
 * alone, through its type's input, over the same values: the first it refuses is the culprit, and in a batch its
 * record is found by halving (a statement per column, then about log2(records) more). The records' fields are
 * tried before the key. When no value is refused alone, PostgreSQL's own error stands.
 */
final class ValueRefusals {
    private final Pool pool;

    ValueRefusals(Pool pool) {
        this.pool = pool;
    }

    /**
     * The failure of a statement on {@code table}, explained.
     *
     * @param records the records it wrote, encoded as sent ({@code null}: none); named {@code [i].field} when
     *                {@code indexed}, else {@code field}
     * @param key     the key document it looked a record up by, encoded as sent ({@code null}: none); named
     *                {@code pk}
     */
    <T> Uni<T> explain(TableDescriptor table, Throwable failure, ArrayNode records, boolean indexed, ObjectNode key) {
        if (!isDataException(failure)) {
            return Uni.createFrom().failure(PgErrors.translate(failure, table, null));
        }
        TableSchema schema = table.schema();
        Uni<Optional<DatablyException>> found = Uni.createFrom().item(Optional.empty());
        if (records != null) {
            for (Field field : schema.fields()) {
                if (adopted(field) && StreamSupport.stream(records.spliterator(), false)
                        .anyMatch(r -> r.hasNonNull(field.name()))) {
                    found = orElse(found, () -> inRecords(table, field, records, indexed));
                }
            }
        }
        if (key != null) {
            ArrayNode keys = JsonNodeFactory.instance.arrayNode().add(key);
            for (String name : schema.primaryKey()) {
                Field field = schema.field(name).orElseThrow();
                // Only text forms reach their type's input in a key condition; other keys are cast as the schema's.
                if (PgTypes.isTextForm(field)) {
                    found = orElse(found, () -> refusal(table, field, keys.toString(), 1, 1).map(why -> why.map(
                            w -> DatablyException.invalidParameter("pk", "key field '" + field.name() + "': "
                                    + reason(field, w)))));
                }
            }
        }
        return found.chain(culprit -> Uni.createFrom().failure(culprit.<Throwable>map(e -> e)
                .orElseGet(() -> PgErrors.translate(failure, table, null))));
    }

    /** The first record (by halving) whose value of {@code field} the column refuses, named. */
    private Uni<Optional<DatablyException>> inRecords(TableDescriptor table, Field field, ArrayNode records,
                                                      boolean indexed) {
        String docs = records.toString();
        return refusal(table, field, docs, 1, records.size()).chain(why -> {
            if (why.isEmpty()) {
                return Uni.createFrom().item(Optional.<DatablyException>empty());
            }
            Uni<Integer> at = indexed ? first(table, field, docs, 1, records.size()) : Uni.createFrom().item(1);
            String reason = reason(field, why.get());
            return at.map(n -> Optional.of(new DatablyException(ErrorCode.RECORD_INVALID, "Field '" + field.name()
                    + "': " + reason, List.of(new ProblemItem((indexed ? "[" + (n - 1) + "]." : "") + field.name(),
                    "storage", reason)))));
        });
    }

    /** The first record from {@code from} to {@code to} (1-based) whose value the column refuses; one does. */
    private Uni<Integer> first(TableDescriptor table, Field field, String docs, int from, int to) {
        if (from == to) {
            return Uni.createFrom().item(from);
        }
        int middle = (from + to) >>> 1;
        return refusal(table, field, docs, from, middle).chain(why -> why.isPresent()
                ? first(table, field, docs, from, middle) : first(table, field, docs, middle + 1, to));
    }

    /**
     * PostgreSQL's message when the column's type refuses the value of {@code field} of one of the records
     * {@code from} to {@code to} of the jsonb array {@code docs}; empty when it takes them all (or the probe itself
     * fails otherwise: the original error then stands).
     */
    private Uni<Optional<String>> refusal(TableDescriptor table, Field field, String docs, int from, int to) {
        String sql = "SELECT count(" + FlatTableProvider.ownType(table, field, "e.doc") + ") FROM "
                + "jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS e(doc, n) WHERE e.n BETWEEN $2 AND $3";
        return pool.preparedQuery(sql).execute(Tuple.of(docs, (long) from, (long) to))
                .map(rows -> Optional.<String>empty())
                .onFailure().recoverWithItem(f -> isDataException(f)
                        ? Optional.of(((PgException) f).getErrorMessage()) : Optional.empty());
    }

    private static Uni<Optional<DatablyException>> orElse(Uni<Optional<DatablyException>> found,
                                                         java.util.function.Supplier<Uni<Optional<DatablyException>>>
                                                                 next) {
        return found.chain(culprit -> culprit.isPresent() ? Uni.createFrom().item(culprit) : next.get());
    }

    /** A column of a type the service did not choose: its type's input may refuse what the schema accepts. */
    private static boolean adopted(Field field) {
        return field.sqlType() != null && !field.sqlType().equals("bytea");
    }

    private static String reason(Field field, String message) {
        return "the column (" + field.sqlType() + ") refuses the value: " + message;
    }

    private static boolean isDataException(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22");
    }
}
