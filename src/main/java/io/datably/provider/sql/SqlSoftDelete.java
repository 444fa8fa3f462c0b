package io.datably.provider.sql;

import io.datably.provider.spi.Migration;
import io.datably.provider.spi.PhysicalTable;
import io.datably.schema.model.SoftDelete;
import io.datably.schema.model.TableSchema;
import java.util.ArrayList;
import java.util.List;
import liquibase.change.Change;
import liquibase.change.core.RawSQLChange;

/**
 * The soft-delete marker on both PostgreSQL providers: two columns beside the fields (flat_table) or the document
 * (jsonb), {@code _deleted_at timestamptz} and {@code _deleted_by text}, added when a table turns soft delete on and
 * dropped when it turns it off (the service first makes sure no record is marked).
 */
public final class SqlSoftDelete {
    private static final String AT = Sql.quote(SoftDelete.DELETED_AT);
    private static final String BY = Sql.quote(SoftDelete.DELETED_BY);

    private SqlSoftDelete() {
    }

    /** The statements that give a new table its marker columns, when it has soft delete; none otherwise. */
    public static List<Change> created(PhysicalTable table, TableSchema schema) {
        return schema.softDelete() ? List.of(add(table)) : List.of();
    }

    /** The statements a schema change needs for the marker: add it (turned on), drop it (turned off), or none. */
    public static List<Change> migrated(Migration migration) {
        boolean before = migration.before().schema().softDelete();
        boolean after = migration.after().schema().softDelete();
        List<Change> changes = new ArrayList<>();
        if (after && !before) {
            changes.add(add(migration.after().physical()));
        } else if (before && !after) {
            changes.add(new RawSQLChange("ALTER TABLE " + Sql.table(migration.after().physical())
                    + " DROP COLUMN IF EXISTS " + AT + ", DROP COLUMN IF EXISTS " + BY));
        }
        return changes;
    }

    private static Change add(PhysicalTable table) {
        return new RawSQLChange("ALTER TABLE " + Sql.table(table) + " ADD COLUMN IF NOT EXISTS " + AT
                + " timestamptz, ADD COLUMN IF NOT EXISTS " + BY + " text");
    }

    /** {@code " AND <live>"} for a write that must not touch soft-deleted records; empty for other tables. */
    public static String andLive(TableSchema schema) {
        return schema.softDelete() ? " AND " + AT + " IS NULL" : "";
    }

    /** The assignment that marks a record: deleted at {@code atParam} (timestamptz text) by {@code byParam}. */
    public static String mark(String atParam, String byParam) {
        return AT + " = " + atParam + "::text::timestamptz, " + BY + " = " + byParam + "::text";
    }

    /** The assignment that clears the mark. */
    public static String unmark() {
        return AT + " = NULL, " + BY + " = NULL";
    }

    /** Only a marked record. */
    public static String deleted() {
        return AT + " IS NOT NULL";
    }

    /** Only a live record. */
    public static String live() {
        return AT + " IS NULL";
    }
}
