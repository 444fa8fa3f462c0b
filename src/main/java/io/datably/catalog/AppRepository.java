package io.datably.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Tenant-scoped access to apps: every query names the tenant. */
@ApplicationScoped
public class AppRepository implements PanacheRepository<App> {

    public Uni<App> findBySlug(String tenant, String slug) {
        return find("tenant = ?1 and slug = ?2", tenant, slug).firstResult();
    }

    /** Apps of a tenant, optionally filtered by activity and a case-insensitive search in name, slug, description. */
    public PanacheQuery<App> search(String tenant, String search, Boolean active) {
        StringBuilder where = new StringBuilder("tenant = :tenant");
        Parameters params = Parameters.with("tenant", tenant);
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
}
