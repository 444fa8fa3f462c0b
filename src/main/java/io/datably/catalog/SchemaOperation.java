package io.datably.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** One change to a DataTable's structure (create, materialize, update, delete ...), kept as history. */
@Entity
@Table(name = "schema_operation")
public class SchemaOperation {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String tenant;
    @Column(name = "datatable_id")
    public Long datatableId;
    public String operation;
    public String status;
    @Column(name = "schema_before")
    public String schemaBefore;
    @Column(name = "schema_after")
    public String schemaAfter;
    @Column(name = "hash_before")
    public String hashBefore;
    @Column(name = "hash_after")
    public String hashAfter;
    public String changelog;
    public String sql;
    public String actor;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
    public String error;
    /** Why this change cannot be rolled back (its values are gone), or null when it can. */
    public String irreversible;
    /** The change's field renames as a JSON object, new name → old name (a rollback renames them back). */
    public String renames;
    /** A rename's names: the table's name before and after (null for every other operation). */
    @Column(name = "name_before")
    public String nameBefore;
    @Column(name = "name_after")
    public String nameAfter;
}
