package io.datably.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;

/** A table defined by a Frictionless Table Schema, and where it is materialized. */
@Entity
@Table(name = "data_table")
public class DataTable {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String tenant;
    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "datasource_id")
    public DataSource datasource;
    public String name;
    public String description;
    /** The Frictionless descriptor as canonical JSON text. */
    @Column(name = "json_schema")
    public String jsonSchema;
    @Column(name = "physical_table_name")
    public String physicalTableName;
    @Column(name = "is_materialized")
    public boolean materialized;
    @Column(name = "schema_hash")
    public String schemaHash;
    @Column(name = "schema_version")
    public int schemaVersion = 1;
    @Column(name = "is_active")
    public boolean active = true;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
