package io.datably.service.tables;

import io.datably.catalog.CatalogVersions;
import io.datably.catalog.DataTable;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The active tables of a datasource, as record requests resolve them, kept between requests. Loading them is an ORM
 * query joining three catalog tables; checking that a kept copy is still current is one read of the tenant's catalog
 * version ({@link CatalogVersions}), which every committed catalog change raises, on any instance.
 *
 * <p>Never stale: the version is read <em>before</em> the tables are loaded, so a kept copy is at least as new as its
 * version, and a request uses it only when the version it reads after arriving is still that one, i.e. no catalog
 * change committed since the copy was loaded. A change committed after that read meets the request as before the
 * cache existed: the store refuses the old shape and {@code SchemaChanges.retryOnce} runs the request again.
 *
 * <p>The kept {@link DataTable}s are detached and shared by concurrent requests: read them, never change them.
 */
@ApplicationScoped
public class ActiveTablesCache {
    /** Datasources kept at most; past it the cache starts over (a bound, not an eviction policy). */
    private static final int MAX_ENTRIES = 10_000;

    private record Key(String tenant, String app, String datasource) {
    }

    private record Entry(long version, List<DataTable> tables) {
    }

    private final CatalogVersions versions;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    public ActiveTablesCache(CatalogVersions versions) {
        this.versions = versions;
    }

    /** The kept tables of {@code app/datasource} when current, else those {@code load} reads (kept when found). */
    public Uni<List<DataTable>> activeOf(String tenant, String app, String datasource,
                                         Supplier<Uni<List<DataTable>>> load) {
        Key key = new Key(tenant, app, datasource);
        return versions.current(tenant).chain(version -> {
            Entry kept = entries.get(key);
            if (kept != null && kept.version() == version) {
                return Uni.createFrom().item(kept.tables());
            }
            return load.get().invoke(tables -> keep(key, new Entry(version, List.copyOf(tables))));
        });
    }

    private void keep(Key key, Entry entry) {
        if (entry.tables().isEmpty()) {
            return; // a miss is answered by a 404 that asks the catalog what is missing anyway
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.merge(key, entry, (old, found) -> found.version() >= old.version() ? found : old);
    }
}
