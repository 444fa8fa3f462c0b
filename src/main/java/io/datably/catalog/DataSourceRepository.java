package io.datably.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Tenant-scoped access to datasources. */
@ApplicationScoped
public class DataSourceRepository implements PanacheRepository<DataSource> {

    public Uni<DataSource> findBySlug(App app, String slug) {
        return find("app = ?1 and slug = ?2", app, slug).firstResult();
    }

    public PanacheQuery<DataSource> search(App app, String search, Boolean active) {
        StringBuilder where = new StringBuilder("app = :app");
        Parameters params = Parameters.with("app", app);
        if (active != null) {
            where.append(" and active = :active");
            params.and("active", active);
        }
        if (search != null && !search.isBlank()) {
            // Explicit ESCAPE: Hibernate renders a bare LIKE with "escape ''" on PostgreSQL, disabling Like's escapes.
            where.append(" and (lower(name) like :pattern escape '\\' or slug like :pattern escape '\\'"
                    + " or lower(description) like :pattern escape '\\')");
            params.and("pattern", Like.containing(search));
        }
        return find(where.toString(), Sort.by("id"), params);
    }

    public Uni<List<DataSource>> activeOf(App app) {
        return list("app = ?1 and active = true", Sort.by("id"), app);
    }

    /** Active datasource counts per app id, for the given apps. */
    public Uni<List<Object[]>> countActiveByApp(List<Long> appIds) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select d.app.id, count(d) from DataSource d where d.app.id in :ids and d.active = true group by d.app.id",
                Object[].class).setParameter("ids", appIds).getResultList());
    }

    public Uni<Integer> deactivateAll(App app) {
        return update("active = false, updatedAt = ?1 where app = ?2 and active = true",
                java.time.OffsetDateTime.now(), app);
    }
}
