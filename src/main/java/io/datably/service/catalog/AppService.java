package io.datably.service.catalog;

import io.datably.catalog.App;
import io.datably.catalog.AppRepository;
import io.datably.catalog.DataSourceRepository;
import io.datably.catalog.DataTableRepository;
import io.datably.error.DatablyException;
import io.datably.error.UniqueViolation;
import io.datably.service.Bodies;
import io.datably.service.CatalogLookup;
import io.datably.service.Clock;
import io.datably.service.Names;
import io.datably.service.PageSlice;
import io.datably.service.Paging;
import io.datably.tenant.TenantContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Use cases of apps: create, list, read, change, soft delete (cascading to datasources and tables). */
@ApplicationScoped
public class AppService {
    private final AppRepository apps;
    private final DataSourceRepository datasources;
    private final DataTableRepository tables;
    private final TenantContext tenant;
    private final CatalogLookup lookup;

    public AppService(AppRepository apps, DataSourceRepository datasources, DataTableRepository tables,
                      TenantContext tenant, CatalogLookup lookup) {
        this.lookup = lookup;
        this.apps = apps;
        this.datasources = datasources;
        this.tables = tables;
        this.tenant = tenant;
    }

    @WithTransaction
    public Uni<AppView> create(AppInput input) {
        Bodies.required(input);
        String name = Names.requireName("name", input.name());
        String slug = input.slug() == null ? Names.slugFrom("name", name) : Names.requireSlug("slug", input.slug());
        String description = Names.description("description", input.description());
        String tenantId = tenant.tenant().id();
        return apps.findBySlug(tenantId, slug).chain(existing -> {
            if (existing != null) {
                throw slugTaken(slug, existing.active ? "" : " (inactive; reactivate it with PATCH {\"is_active\": "
                        + "true})");
            }
            App app = new App();
            app.tenant = tenantId;
            app.name = name;
            app.slug = slug;
            app.description = description;
            app.active = input.isActive() == null || input.isActive();
            app.createdAt = Clock.now();
            app.updatedAt = app.createdAt;
            // Flushed here, so that a concurrent create of the slug fails inside (23505), not at commit.
            return apps.persistAndFlush(app);
        }).onFailure(UniqueViolation::in).transform(failure -> slugTaken(slug, "")).map(app -> AppView.of(app, 0, 0));
    }

    private static DatablyException slugTaken(String slug, String note) {
        return DatablyException.duplicate("slug", "An app with slug '" + slug + "' already exists" + note);
    }

    @WithSession
    public Uni<PageSlice<AppView>> list(String search, Boolean active, Paging paging) {
        var query = apps.search(tenant.tenant().id(), search, active == null ? Boolean.TRUE : active);
        return query.count().chain(count -> query.page(paging.page() - 1, paging.pageSize()).list()
                .chain(this::withCounts).map(views -> new PageSlice<>(count, views)));
    }

    @WithSession
    public Uni<AppView> get(String slug) {
        return lookup.app(slug).chain(app -> withCounts(List.of(app))).map(views -> views.get(0));
    }

    /** PUT ({@code partial=false}: name required, absent description cleared) or PATCH ({@code partial=true}). */
    @WithTransaction
    public Uni<AppView> update(String slug, AppInput input, boolean partial) {
        Bodies.required(input);
        return lookup.app(slug).chain(app -> {
            if (!partial || input.name() != null) {
                app.name = Names.requireName("name", input.name());
            }
            if (!partial || input.description() != null) {
                app.description = Names.description("description", input.description());
            }
            boolean deactivating = input.isActive() != null && !input.isActive() && app.active;
            if (input.isActive() != null) {
                app.active = input.isActive();
            }
            Uni<Void> cascade = deactivating ? deactivateChildren(app) : Uni.createFrom().voidItem();
            Uni<Void> slugCheck = Uni.createFrom().voidItem();
            if (input.slug() != null && !input.slug().equals(app.slug)) {
                String newSlug = Names.requireSlug("slug", input.slug());
                slugCheck = apps.findBySlug(app.tenant, newSlug).map(other -> {
                    if (other != null) {
                        throw slugTaken(newSlug, "");
                    }
                    app.slug = newSlug;
                    return null;
                });
            }
            app.updatedAt = Clock.now();
            return slugCheck.chain(() -> cascade).replaceWith(app);
        }).chain(app -> apps.flush().onFailure(UniqueViolation::in).transform(failure -> slugTaken(app.slug, ""))
                .chain(() -> withCounts(List.of(app)))).map(views -> views.get(0));
    }

    /** Soft delete: the app and everything under it become inactive; nothing is dropped. */
    @WithTransaction
    public Uni<Void> delete(String slug) {
        return lookup.app(slug).chain(app -> {
            app.active = false;
            app.updatedAt = Clock.now();
            return deactivateChildren(app);
        });
    }

    private Uni<Void> deactivateChildren(App app) {
        return tables.deactivateAllOfApp(app).chain(() -> datasources.deactivateAll(app)).replaceWithVoid();
    }

    private Uni<List<AppView>> withCounts(List<App> page) {
        if (page.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Long> ids = page.stream().map(a -> a.id).toList();
        return datasources.countActiveByApp(ids).chain(dsRows -> tables.countActiveByApp(ids).map(tRows -> {
            Map<Long, Long> dsCounts = Counts.byId(dsRows);
            Map<Long, Long> tableCounts = Counts.byId(tRows);
            return page.stream().map(a -> AppView.of(a, dsCounts.getOrDefault(a.id, 0L),
                    tableCounts.getOrDefault(a.id, 0L))).toList();
        }));
    }
}
