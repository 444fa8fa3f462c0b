package io.datably.provider.sql;

import io.datably.error.DatablyException;
import io.datably.provider.spi.IndexDefinition;
import io.datably.provider.spi.IndexType;
import io.datably.provider.spi.TableDescriptor;
import io.datably.query.model.Op;
import io.datably.query.plan.BoundCondition;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SQL text of a user's index on a PostgreSQL table, and the checks that make it a 400 (naming the culprit) rather
 * than a PostgreSQL error: which access method takes which fields, what a predicate may contain. Keys and predicates
 * read fields through the provider's {@link ColumnAccess}, the very expressions its queries compare, so the planner
 * can match them.
 */
public final class SqlIndexDdl {
    /** PostgreSQL's identifier limit, in bytes. */
    static final int MAX_IDENTIFIER_BYTES = 63;
    /** PostgreSQL's INDEX_MAX_KEYS. */
    static final int MAX_KEYS = 32;
    /** Types brin's minmax operator classes order (PostgreSQL has none for boolean or jsonb). */
    private static final Set<FieldType> BRIN = EnumSet.of(FieldType.STRING, FieldType.INTEGER, FieldType.NUMBER,
            FieldType.DATE, FieldType.TIME, FieldType.DATETIME, FieldType.YEAR, FieldType.YEARMONTH,
            FieldType.DURATION);
    /** Operators whose SQL is not an immutable expression without subqueries (jsonb_build_array, EXISTS). */
    private static final Set<Op> NOT_IN_PREDICATES = EnumSet.of(Op.HAS, Op.HASANY);

    private final ColumnAccess access;
    private final SqlIndexKeys keys;
    private final String providerType;

    public SqlIndexDdl(ColumnAccess access, SqlIndexKeys keys, String providerType) {
        this.access = access;
        this.keys = keys;
        this.providerType = providerType;
    }

    /**
     * {@code <table>_ix_<name>}: the table's physical name keeps the name unique in the tenant's schema, {@code _ix_}
     * keeps it apart from the schema's own indexes ({@code _pk}, {@code _uq0}, {@code _fts}, {@code _fk0x}). Beyond
     * 63 bytes it is cut and ends with a hash of the whole, so that long names stay distinct.
     */
    public static String physicalName(String table, String name) {
        String full = table + "_ix_" + name;
        if (bytes(full) <= MAX_IDENTIFIER_BYTES) {
            return full;
        }
        String hash = HexFormat.of().formatHex(sha256(full)).substring(0, 8);
        String head = full;
        while (bytes(head) > MAX_IDENTIFIER_BYTES - 1 - hash.length()) {
            head = head.substring(0, head.offsetByCodePoints(head.length(), -1));
        }
        return head + "_" + hash;
    }

    /** Whether the index's keys need pg_trgm's operator class (gin on a text value). */
    public boolean needsTrigrams(IndexDefinition index) {
        return index.type() == IndexType.GIN && index.fields().stream().anyMatch(SqlIndexDdl::text);
    }

    /** The 400s of {@link #create}, so they come before any round trip to the database. */
    public void check(IndexDefinition index) {
        checkShape(index);
        for (int i = 0; i < index.fields().size(); i++) {
            key(index.fields().get(i), index.type(), "fields[" + i + "]", "");
        }
        if (index.where() != null) {
            predicate(index.where());
        }
    }

    /**
     * {@code CREATE [UNIQUE] INDEX CONCURRENTLY ...}; 400s naming {@code type}, {@code unique}, {@code fields[i]} or
     * {@code where} for what PostgreSQL (or this provider) cannot build.
     *
     * @param trigramOps the qualified name of {@code gin_trgm_ops}, when {@link #needsTrigrams} (else unused)
     */
    public String create(TableDescriptor table, IndexDefinition index, String physicalName, String trigramOps) {
        checkShape(index);
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < index.fields().size(); i++) {
            columns.add(key(index.fields().get(i), index.type(), "fields[" + i + "]", trigramOps));
        }
        if (columns.isEmpty()) {
            columns.add(keys.wholeRecord());
        }
        String predicate = index.where() == null ? "" : " WHERE " + predicate(index.where());
        return "CREATE " + (index.unique() ? "UNIQUE " : "") + "INDEX CONCURRENTLY " + Sql.quote(physicalName)
                + " ON " + Sql.table(table.physical()) + " USING " + index.type().token() + " ("
                + String.join(", ", columns) + ")" + predicate;
    }

    /** What PostgreSQL's access methods allow, checked before anything is built. */
    private void checkShape(IndexDefinition index) {
        int count = index.fields().size();
        switch (index.type()) {
            case TEXT -> throw invalid("type", "unsupported", providerType + " has no 'text' indexes (MongoDB's kind); "
                    + "use gin on string fields for like, ilike and regex filters (trigrams)");
            case HASH -> {
                if (count != 1) {
                    throw invalid("fields", "hash_fields", "a hash index covers exactly one field, not " + count);
                }
                if (index.unique()) {
                    throw invalid("unique", "unsupported", "PostgreSQL's hash indexes cannot be unique; use btree");
                }
            }
            case GIN, BRIN -> {
                if (index.unique()) {
                    throw invalid("unique", "unsupported", "only btree indexes can be unique, not "
                            + index.type().token());
                }
            }
            default -> {
            }
        }
        if (count == 0 && !(index.type() == IndexType.GIN && keys.wholeRecord() != null)) {
            throw invalid("fields", "required", "name at least one field"
                    + (keys.wholeRecord() == null ? "" : " (only gin may cover the whole record)"));
        }
        if (count > MAX_KEYS) {
            throw invalid("fields", "too_many", "an index covers at most " + MAX_KEYS + " fields, not " + count);
        }
    }

    /** One key column: the field's typed value, with the operator class gin needs. */
    private String key(Field field, IndexType type, String path, String trigramOps) {
        String why = keys.notIndexable(field);
        if (why != null) {
            throw invalid(path, "not_indexable", why);
        }
        String value = "(" + access.column(null, field) + ")";
        return switch (type) {
            case GIN -> {
                if (text(field)) {
                    yield value + " " + trigramOps;
                }
                if (PgTypes.isJsonColumn(field)) {
                    yield value + " jsonb_path_ops";
                }
                throw invalid(path, "unsupported", "gin indexes string fields (trigrams, for like, ilike and regex "
                        + "filters) and object or array fields (containment, for has and hasall); '" + field.name()
                        + "' is " + field.type().jsonName() + ": use btree");
            }
            case BRIN -> {
                if (!BRIN.contains(field.type())) {
                    throw invalid(path, "unsupported", "brin indexes ordered fields (numbers, strings, dates and "
                            + "times); '" + field.name() + "' is " + field.type().jsonName());
                }
                yield value;
            }
            default -> value;
        };
    }

    /** A value stored as text (adopted columns of other types, e.g. uuid, have no trigram operator class). */
    private static boolean text(Field field) {
        String sqlType = field.sqlType() == null ? "text" : field.sqlType().toLowerCase(Locale.ROOT);
        return PgTypes.columnType(field).equals("text")
                && (sqlType.equals("text") || sqlType.startsWith("character varying") || sqlType.startsWith("varchar"));
    }

    /**
     * The predicate with its values as literals (PostgreSQL takes no parameters here). Relations were refused by the
     * service; the operators and fields PostgreSQL would refuse (not immutable, subqueries) are refused here.
     */
    String predicate(BoundCondition where) {
        checkPredicate(where);
        try {
            return SqlQueryCompiler.literalCondition(where, access);
        } catch (IllegalArgumentException e) {
            throw invalid("where", "invalid", "values must not contain the NUL character (\\u0000)");
        }
    }

    private void checkPredicate(BoundCondition condition) {
        if (condition instanceof BoundCondition.And and) {
            and.items().forEach(this::checkPredicate);
        } else if (condition instanceof BoundCondition.Or or) {
            or.items().forEach(this::checkPredicate);
        } else if (condition instanceof BoundCondition.Not not) {
            checkPredicate(not.item());
        } else if (condition instanceof BoundCondition.Compare c) {
            String filter = c.field().name() + "__" + c.op().token();
            if (NOT_IN_PREDICATES.contains(c.op())) {
                throw invalid("where", "not_immutable", "'" + filter + "': operator '" + c.op().token()
                        + "' cannot be used in an index predicate (PostgreSQL allows only immutable expressions "
                        + "without subqueries there); use hasall for one element");
            }
            String why = keys.notIndexable(c.field());
            if (why != null) {
                throw invalid("where", "not_indexable", "'" + filter + "': " + why);
            }
        } else {
            throw new IllegalArgumentException("Relation conditions are refused before an index is planned");
        }
    }

    private static DatablyException invalid(String field, String code, String message) {
        return DatablyException.invalidField(field, code, message);
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
