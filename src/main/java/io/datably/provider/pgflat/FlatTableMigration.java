package io.datably.provider.pgflat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.provider.spi.Migration;
import io.datably.provider.spi.MigrationPlan;
import io.datably.provider.spi.PhysicalTable;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.sql.ColumnAccess;
import io.datably.provider.sql.PgTypes;
import io.datably.provider.sql.Sql;
import io.datably.schema.evolution.LiquibaseRunner;
import io.datably.schema.evolution.LiquibaseRunner.ChangeSetSpec;
import io.datably.schema.evolution.SchemaDiff;
import io.datably.schema.model.Field;
import io.datably.schema.model.ForeignKey;
import io.datably.schema.model.TableSchema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import liquibase.change.AddColumnConfig;
import liquibase.change.Change;
import liquibase.change.ConstraintsConfig;
import liquibase.change.core.AddColumnChange;
import liquibase.change.core.DropColumnChange;
import liquibase.change.core.RawSQLChange;
import liquibase.change.core.RenameColumnChange;

/**
 * The Liquibase changelog of a flat table's schema change: one changeset, applied in one transaction (PostgreSQL
 * runs DDL transactionally, so a change applies whole or not at all). Its order matters:
 * <ol>
 *   <li>drop the constraints and indexes whose definition changes (they are re-added at the end);</li>
 *   <li>rename, drop and add columns (an added column with a backfill value takes it as a default, which PostgreSQL
 *       stores without rewriting the table, then the default is dropped so writes stay explicit);</li>
 *   <li>change types ({@code ALTER ... TYPE ... USING} the value's canonical text cast to the new type, the same
 *       reading the service checked every record with before);</li>
 *   <li>fill backfill values into existing columns, then SET / DROP NOT NULL;</li>
 *   <li>add the changed constraints and indexes.</li>
 * </ol>
 * Its changeset id is {@code <physical table>-v<schema version>}: deterministic, and never applied twice.
 */
final class FlatTableMigration {
    private FlatTableMigration() {
    }

    static MigrationPlan plan(Migration migration, ColumnAccess access) {
        PhysicalTable table = migration.after().physical();
        String qualified = Sql.table(table);
        TableSchema before = migration.before().schema();
        TableSchema after = migration.after().schema();
        List<Change> changes = new ArrayList<>();

        // The old definitions as the renames leave them: what a rename alone carries is neither dropped nor added
        // (dropping a primary key that another table's foreign key depends on would fail).
        TableDescriptor renamed = new TableDescriptor(migration.before().tableName(), migration.before().physical(),
                migration.diff().renamedBefore(before), migration.before().references());
        Map<String, String> oldConstraints = FlatTableDdl.constraints(renamed);
        Map<String, String> newConstraints = FlatTableDdl.constraints(migration.after());
        Map<String, String> oldIndexes = FlatTableDdl.indexes(renamed, access);
        Map<String, String> newIndexes = FlatTableDdl.indexes(migration.after(), access);
        oldIndexes.forEach((name, sql) -> {
            if (!sql.equals(newIndexes.get(name))) {
                changes.add(sql("DROP INDEX IF EXISTS " + Sql.quote(table.namespace()) + "." + Sql.quote(name)));
            }
        });
        Map<String, String> moved = moved(oldConstraints, newConstraints);
        moved.keySet().forEach(name -> changes.add(sql("ALTER TABLE " + qualified + " RENAME CONSTRAINT "
                + Sql.quote(name) + " TO " + Sql.quote(moving(name)))));
        oldConstraints.forEach((name, definition) -> {
            if (!definition.equals(newConstraints.get(name)) && !moved.containsKey(name)) {
                changes.add(sql("ALTER TABLE " + qualified + " DROP CONSTRAINT IF EXISTS " + Sql.quote(name)));
            }
        });

        for (SchemaDiff.Change change : migration.diff().changes()) {
            if (change instanceof SchemaDiff.ForeignKeyRemoved f) {
                changes.add(dropAdoptedForeignKey(migration, qualified, f.key()));
            }
        }

        for (SchemaDiff.Change change : migration.diff().changes()) {
            if (change instanceof SchemaDiff.FieldRenamed r) {
                RenameColumnChange rename = new RenameColumnChange();
                rename.setSchemaName(table.namespace());
                rename.setTableName(table.name());
                rename.setOldColumnName(r.from());
                rename.setNewColumnName(r.field().name());
                changes.add(rename);
            } else if (change instanceof SchemaDiff.FieldRemoved r) {
                DropColumnChange drop = new DropColumnChange();
                drop.setSchemaName(table.namespace());
                drop.setTableName(table.name());
                drop.setColumnName(r.field().name());
                changes.add(drop);
            } else if (change instanceof SchemaDiff.FieldAdded a) {
                changes.addAll(addColumn(migration, qualified, a.field()));
            } else if (change instanceof SchemaDiff.TypeChanged t) {
                String newType = PgTypes.storageType(t.after());
                if (!PgTypes.storageType(t.before()).equals(newType)) {
                    String column = Sql.quote(t.after().name());
                    changes.add(sql("ALTER TABLE " + qualified + " ALTER COLUMN " + column + " TYPE " + newType
                            + " USING " + converted(t.before(), column, newType)));
                }
            }
        }

        for (Field field : after.fields()) {
            String from = oldName(migration, field.name());
            if (from == null) {
                continue; // added: its NOT NULL and backfill came with the column
            }
            String column = Sql.quote(field.name());
            JsonNode fill = migration.backfill().get(field.name());
            if (fill != null && !fill.isNull()) {
                changes.add(sql("UPDATE " + qualified + " SET " + column + " = " + literal(field, fill) + " WHERE "
                        + column + " IS NULL"));
            }
            boolean wasRequired = before.isRequired(before.field(from).orElseThrow());
            boolean required = after.isRequired(field);
            if (required != wasRequired) {
                changes.add(sql("ALTER TABLE " + qualified + " ALTER COLUMN " + column
                        + (required ? " SET NOT NULL" : " DROP NOT NULL")));
            }
        }

        Map<String, String> movedTo = new LinkedHashMap<>();
        moved.forEach((from, to) -> movedTo.put(to, from));
        newConstraints.forEach((name, definition) -> {
            if (movedTo.containsKey(name)) {
                changes.add(sql("ALTER TABLE " + qualified + " RENAME CONSTRAINT "
                        + Sql.quote(moving(movedTo.get(name))) + " TO " + Sql.quote(name)));
            } else if (!definition.equals(oldConstraints.get(name))) {
                changes.add(sql("ALTER TABLE " + qualified + " ADD CONSTRAINT " + Sql.quote(name) + " " + definition));
            }
        });
        newIndexes.forEach((name, sql) -> {
            if (!sql.equals(oldIndexes.get(name))) {
                changes.add(sql(sql));
            }
        });
        changes.addAll(io.datably.provider.sql.SqlSoftDelete.migrated(migration));
        List<ChangeSetSpec> changeSets = changes.isEmpty() ? List.of()
                : List.of(new ChangeSetSpec(table.name() + "-v" + migration.version(), changes));
        LiquibaseRunner.Preview preview = LiquibaseRunner.preview(table.namespace(), changeLogPath(table), changeSets);
        return new MigrationPlan(changeSets, preview.changelog(), preview.sql(), List.of(), true);
    }

    /**
     * Constraints whose definition only changes name (keys and checks are numbered in schema order: a unique field
     * added before another moves that one's constraint to the next number), old name → new name. They are renamed,
     * by way of a temporary name, rather than dropped and added: another table's foreign key may depend on one.
     */
    private static Map<String, String> moved(Map<String, String> before, Map<String, String> after) {
        Map<String, String> moved = new LinkedHashMap<>();
        before.forEach((name, definition) -> {
            if (definition.equals(after.get(name))) {
                return;
            }
            after.forEach((to, wanted) -> {
                if (!moved.containsKey(name) && wanted.equals(definition) && !wanted.equals(before.get(to))
                        && !moved.containsValue(to)) {
                    moved.put(name, to);
                }
            });
        });
        return moved;
    }

    /**
     * A constraint's temporary name while it moves: short and derived from its own name, so it fits PostgreSQL's
     * 63-byte identifiers however long the table's name is (a suffix would be cut off there, back to the old name).
     */
    private static String moving(String constraint) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest(constraint.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        return "moving_" + HexFormat.of().formatHex(digest, 0, 8);
    }

    static String changeLogPath(PhysicalTable table) {
        return "datably/" + table.name();
    }

    private static List<Change> addColumn(Migration migration, String qualified, Field field) {
        String type = PgTypes.storageType(field);
        boolean required = migration.after().schema().isRequired(field);
        JsonNode fill = migration.backfill().get(field.name());
        if (fill == null || fill.isNull()) {
            AddColumnChange add = new AddColumnChange();
            add.setSchemaName(migration.after().physical().namespace());
            add.setTableName(migration.after().physical().name());
            AddColumnConfig column = new AddColumnConfig();
            column.setName(field.name());
            column.setType(type);
            if (required) {
                column.setConstraints(new ConstraintsConfig().setNullable(false));
            }
            add.addColumn(column);
            return List.of(add);
        }
        String column = Sql.quote(field.name());
        return List.of(
                sql("ALTER TABLE " + qualified + " ADD COLUMN " + column + " " + type + " DEFAULT "
                        + literal(field, fill) + (required ? " NOT NULL" : "")),
                sql("ALTER TABLE " + qualified + " ALTER COLUMN " + column + " DROP DEFAULT"));
    }

    /**
     * The stored value's canonical text (as the API renders it) cast to the new column type; {@code column} is its
     * name after renames, {@code stored} its old type. Text reaches a character column by PostgreSQL's assignment
     * cast, which refuses a value too long for it where an explicit cast would cut it short.
     */
    private static String converted(Field stored, String column, String newType) {
        String text = "(to_jsonb(" + PgTypes.toJson(stored, PgTypes.read(stored, column)) + ") #>> '{}')";
        if (newType.startsWith("character")) {
            return text;
        }
        // "5.0" is an integer to the schema but not to PostgreSQL's integer input: go through numeric.
        return Set.of("smallint", "integer", "bigint").contains(newType) ? "(" + text + "::numeric)::" + newType
                : "(" + text + ")::" + newType;
    }

    /** A canonical value as a typed SQL literal (the value was cast by the new schema's caster). */
    private static String literal(Field field, JsonNode value) {
        String text = value.isValueNode() ? PgTypes.textForm(field, value) : value.toString();
        return Sql.literal(text) + "::" + PgTypes.columnType(field);
    }

    private static String oldName(Migration migration, String field) {
        for (SchemaDiff.Change change : migration.diff().changes()) {
            if (change instanceof SchemaDiff.FieldAdded a && a.field().name().equals(field)) {
                return null;
            }
            if (change instanceof SchemaDiff.FieldRenamed r && r.field().name().equals(field)) {
                return r.from();
            }
        }
        return field;
    }

    /**
     * An adopted table's foreign keys carry PostgreSQL's names ({@code barcodes_product_id_fkey}), not the
     * {@code _fkN} names the constraint diff drops by: a removed foreign key is also dropped by what it is — a
     * foreign key constraint over exactly these columns (as named before this change) — so that the store stops
     * enforcing what the schema no longer says. A no-op for a table Datably made (its constraint is gone by then).
     */
    private static RawSQLChange dropAdoptedForeignKey(Migration migration, String qualified, ForeignKey key) {
        List<String> columns = new ArrayList<>();
        for (String field : key.fields()) {
            String from = oldName(migration, field);
            columns.add(from == null ? field : from);
        }
        columns.sort(null);
        StringBuilder names = new StringBuilder();
        for (String column : columns) {
            names.append(names.isEmpty() ? "" : ", ").append("'").append(column.replace("'", "''")).append("'");
        }
        String table = qualified.replace("'", "''");
        RawSQLChange drop = sql("DO $datably$ DECLARE c name; BEGIN FOR c IN SELECT con.conname FROM pg_constraint con"
                + " WHERE con.conrelid = '" + table + "'::regclass AND con.contype = 'f' AND (SELECT"
                + " array_agg(a.attname::text ORDER BY a.attname::text) FROM pg_attribute a WHERE a.attrelid ="
                + " con.conrelid AND a.attnum = ANY (con.conkey)) = ARRAY[" + names + "]::text[] LOOP"
                + " EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', '" + table + "', c); END LOOP; END $datably$");
        drop.setSplitStatements(false);
        return drop;
    }

    private static RawSQLChange sql(String statement) {
        return new RawSQLChange(statement);
    }
}
