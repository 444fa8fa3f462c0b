package io.datably.service.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import io.datably.catalog.DataSource;
import io.datably.catalog.DataSourceRepository;
import io.datably.catalog.DataTableRepository;
import io.datably.error.DatablyException;
import io.datably.error.UniqueViolation;
import io.datably.schema.validate.CanonicalJson;
import io.datably.service.Bodies;
import io.datably.service.CatalogLookup;
import io.datably.service.Clock;
import io.datably.service.Names;
import io.datably.service.PageSlice;
import io.datably.service.Paging;
import io.datably.service.ProviderRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Use cases of datasources: create (checking the provider is available), list, read, change, soft delete. */
@ApplicationScoped
public class DataSourceService {
    private final CatalogLookup lookup;
    private final DataSourceRepository datasources;
    private final DataTableRepository tables;
    private final ProviderRegistry providers;

    public DataSourceService(CatalogLookup lookup, DataSourceRepository datasources, DataTableRepository tables,
                             ProviderRegistry providers) {
        this.lookup = lookup;
        this.datasources = datasources;
        this.tables = tables;
        this.providers = providers;
    }

    @WithTransaction
    public Uni<DataSourceView> create(String appSlug, DataSourceInput input) {
        Bodies.required(input);
        String name = Names.requireName("name", input.name());
        String slug = input.slug() == null ? Names.slugFrom("name", name) : Names.requireSlug("slug", input.slug());
        String description = Names.description("description", input.description());
        providers.require("provider_type", input.providerType()).checkAvailable();
        String config = providerConfig(input.providerConfig());
        return lookup.activeApp(appSlug).chain(app -> datasources.findBySlug(app, slug).chain(existing -> {
            if (existing != null) {
                throw slugTaken(slug, appSlug);
            }
            DataSource ds = new DataSource();
            ds.tenant = app.tenant;
            ds.app = app;
            ds.name = name;
            ds.slug = slug;
            ds.providerType = input.providerType();
            ds.providerConfig = config;
            ds.description = description;
            ds.createdAt = Clock.now();
            ds.updatedAt = ds.createdAt;
            // Flushed here, so that a concurrent create of the slug fails inside (23505), not at commit.
            return datasources.persistAndFlush(ds);
        })).onFailure(UniqueViolation::in).transform(failure -> slugTaken(slug, appSlug))
                .map(ds -> DataSourceView.of(ds, 0));
    }

    private static DatablyException slugTaken(String slug, String appSlug) {
        return DatablyException.duplicate("slug", "A datasource with slug '" + slug + "' already exists in app '"
                + appSlug + "'");
    }

    @WithSession
    public Uni<PageSlice<DataSourceView>> list(String appSlug, String search, Boolean active, Paging paging) {
        return lookup.app(appSlug).chain(app -> {
            var query = datasources.search(app, search, active == null ? Boolean.TRUE : active);
            return query.count().chain(count -> query.page(paging.page() - 1, paging.pageSize()).list()
                    .chain(this::withCounts).map(views -> new PageSlice<>(count, views)));
        });
    }

    @WithSession
    public Uni<DataSourceView> get(String appSlug, String slug) {
        return lookup.datasource(appSlug, slug).chain(ds -> withCounts(List.of(ds))).map(v -> v.get(0));
    }

    @WithTransaction
    public Uni<DataSourceView> update(String appSlug, String slug, DataSourceInput input) {
        Bodies.required(input);
        return lookup.datasource(appSlug, slug).chain(ds -> {
            if (input.providerType() != null && !input.providerType().equals(ds.providerType)) {
                throw DatablyException.invalidField("provider_type", "immutable",
                        "cannot change from '" + ds.providerType + "'; create a new datasource instead");
            }
            if (input.name() != null) {
                ds.name = Names.requireName("name", input.name());
            }
            if (input.description() != null) {
                ds.description = Names.description("description", input.description());
            }
            if (input.providerConfig() != null) {
                ds.providerConfig = providerConfig(input.providerConfig());
            }
            boolean deactivating = input.isActive() != null && !input.isActive() && ds.active;
            if (input.isActive() != null) {
                ds.active = input.isActive();
            }
            ds.updatedAt = Clock.now();
            Uni<Void> slugChange = Uni.createFrom().voidItem();
            if (input.slug() != null && !input.slug().equals(ds.slug)) {
                String newSlug = Names.requireSlug("slug", input.slug());
                slugChange = datasources.findBySlug(ds.app, newSlug).map(other -> {
                    if (other != null) {
                        throw slugTaken(newSlug, appSlug);
                    }
                    ds.slug = newSlug;
                    return null;
                });
            }
            Uni<Void> cascade = deactivating ? tables.deactivateAllOf(ds).replaceWithVoid()
                    : Uni.createFrom().voidItem();
            return slugChange.chain(() -> cascade).chain(datasources::flush)
                    .onFailure(UniqueViolation::in).transform(failure -> slugTaken(ds.slug, appSlug)).replaceWith(ds);
        }).chain(ds -> withCounts(List.of(ds))).map(v -> v.get(0));
    }

    @WithTransaction
    public Uni<Void> delete(String appSlug, String slug) {
        return lookup.datasource(appSlug, slug).chain(ds -> {
            ds.active = false;
            ds.updatedAt = Clock.now();
            return tables.deactivateAllOf(ds).replaceWithVoid();
        });
    }

    private static String providerConfig(JsonNode config) {
        if (config == null || config.isNull()) {
            return "{}";
        }
        if (!config.isObject()) {
            throw DatablyException.invalidField("provider_config", "type", "must be a JSON object");
        }
        return CanonicalJson.write(config);
    }

    private Uni<List<DataSourceView>> withCounts(List<DataSource> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return tables.countActiveByDataSource(page.stream().map(d -> d.id).toList()).map(rows -> {
            Map<Long, Long> counts = Counts.byId(rows);
            return page.stream().map(d -> DataSourceView.of(d, counts.getOrDefault(d.id, 0L))).toList();
        });
    }
}
