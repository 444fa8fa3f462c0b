package io.datably.service;

import io.datably.catalog.App;
import io.datably.catalog.AppRepository;
import io.datably.catalog.DataSource;
import io.datably.catalog.DataSourceRepository;
import io.datably.error.DatablyException;
import io.datably.tenant.TenantContext;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds the app and datasource a request names, within the request's tenant, with a 404 naming what is missing.
 * Every use case starts here, so no lookup can forget the tenant. Needs an open Hibernate session.
 */
@ApplicationScoped
public class CatalogLookup {
    private final AppRepository apps;
    private final DataSourceRepository datasources;
    private final TenantContext tenant;

    public CatalogLookup(AppRepository apps, DataSourceRepository datasources, TenantContext tenant) {
        this.apps = apps;
        this.datasources = datasources;
        this.tenant = tenant;
    }

    /** An app of the tenant, active or not. */
    public Uni<App> app(String slug) {
        return apps.findBySlug(tenant.tenant().id(), slug).map(app -> {
            if (app == null) {
                throw DatablyException.notFound("App", slug);
            }
            return app;
        });
    }

    /** An active app: what creating under it needs. */
    public Uni<App> activeApp(String slug) {
        return app(slug).map(app -> {
            if (!app.active) {
                throw DatablyException.notFound("App", slug + " (inactive)");
            }
            return app;
        });
    }

    /** A datasource of the tenant (active or not). */
    public Uni<DataSource> datasource(String appSlug, String slug) {
        return app(appSlug).chain(app -> datasources.findBySlug(app, slug)).map(ds -> {
            if (ds == null) {
                throw DatablyException.notFound("Datasource", appSlug + "/" + slug);
            }
            return ds;
        });
    }

    /** An active datasource under an active app: what table and record operations need. */
    public Uni<DataSource> activeDatasource(String appSlug, String slug) {
        return datasource(appSlug, slug).map(ds -> {
            if (!ds.active || !ds.app.active) {
                throw DatablyException.notFound("Datasource", appSlug + "/" + slug + " (inactive)");
            }
            return ds;
        });
    }
}
