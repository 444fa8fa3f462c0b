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

/** A set of tables stored by one provider ({@code flat_table}, {@code jsonb}, {@code mongodb}). */
@Entity
@Table(name = "data_source")
public class DataSource {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String tenant;
    @ManyToOne(fetch = FetchType.EAGER, optional = false)
    @JoinColumn(name = "app_id")
    public App app;
    public String name;
    public String slug;
    @Column(name = "provider_type")
    public String providerType;
    /** JSON text of the provider's settings. */
    @Column(name = "provider_config")
    public String providerConfig;
    public String description;
    @Column(name = "is_active")
    public boolean active = true;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
}
