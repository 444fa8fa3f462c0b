package io.datably.service.catalog;

import io.datably.catalog.DataSource;
import io.datably.catalog.DataSourceRepository;
import io.datably.catalog.DataTable;
import io.datably.catalog.DataTableRepository;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.TableStats;
import io.datably.service.CatalogLookup;
import io.datably.service.ProviderRegistry;
import io.datably.service.catalog.StatsView.ProviderStats;
import io.datably.service.catalog.StatsView.TableStatsView;
import io.datably.service.tables.TableResolver;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statistics at app, datasource and cross-datasource level. Record counts are exact (count(*)), which is fine for
 * the table sizes this version targets; planned counts from PostgreSQL statistics come with the query engine.
 */
@ApplicationScoped
public class StatsService {
    private final CatalogLookup lookup;
    private final DataSourceRepository datasourceRepository;
    private final DataTableRepository tables;
    private final ProviderRegistry providers;
    private final TableResolver resolver;

    public StatsService(CatalogLookup lookup, DataSourceRepository datasourceRepository,
                        DataTableRepository tables, ProviderRegistry providers, TableResolver resolver) {
        this.lookup = lookup;
        this.datasourceRepository = datasourceRepository;
        this.tables = tables;
        this.providers = providers;
        this.resolver = resolver;
    }

    @WithSession
    public Uni<StatsView> ofApp(String appSlug) {
        return lookup.app(appSlug).chain(app -> datasourceRepository.activeOf(app)
                .chain(sources -> tables.activeOfApp(app).chain(list -> measure(sources, list, false))));
    }

    @WithSession
    public Uni<StatsView> ofAppTables(String appSlug) {
        return lookup.app(appSlug).chain(app -> datasourceRepository.activeOf(app)
                .chain(sources -> tables.activeOfApp(app).chain(list -> measure(sources, list, true))));
    }

    @WithSession
    public Uni<StatsView> ofDataSource(String appSlug, String dsSlug) {
        return lookup.datasource(appSlug, dsSlug).chain(ds -> tables.search(null, ds, null, Boolean.TRUE).list()
                .chain(list -> measure(List.of(ds), list, true)));
    }

    private Uni<StatsView> measure(List<DataSource> sources, List<DataTable> list, boolean perTable) {
        List<TableStatsView> rows = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (DataTable table : list) {
            chain = chain.chain(() -> sizeOf(table).map(size -> {
                rows.add(new TableStatsView(table.datasource.slug, table.name, table.datasource.providerType,
                        table.materialized, size.records(), size.storageBytes()));
                return size;
            }).replaceWithVoid());
        }
        return chain.map(ignored -> summarize(sources, rows, perTable));
    }

    private Uni<TableStats> sizeOf(DataTable table) {
        if (!table.materialized) {
            return Uni.createFrom().item(TableStats.EMPTY);
        }
        DataProvider provider = providers.of(table.datasource.providerType);
        try {
            provider.checkAvailable();
        } catch (RuntimeException unavailable) {
            return Uni.createFrom().item(TableStats.EMPTY);
        }
        return resolver.descriptorOf(table).chain(provider::stats);
    }

    private static StatsView summarize(List<DataSource> sources, List<TableStatsView> rows, boolean perTable) {
        Map<String, long[]> byType = new TreeMap<>();
        sources.forEach(ds -> byType.computeIfAbsent(ds.providerType, k -> new long[5])[0]++);
        long materialized = 0;
        long records = 0;
        long bytes = 0;
        for (TableStatsView row : rows) {
            long[] totals = byType.computeIfAbsent(row.providerType(), k -> new long[5]);
            totals[1]++;
            totals[2] += row.isMaterialized() ? 1 : 0;
            totals[3] += row.recordCount();
            totals[4] += row.storageBytes();
            materialized += row.isMaterialized() ? 1 : 0;
            records += row.recordCount();
            bytes += row.storageBytes();
        }
        Map<String, ProviderStats> perProvider = new TreeMap<>();
        byType.forEach((type, t) -> perProvider.put(type, new ProviderStats(t[0], t[1], t[2], t[3], t[4])));
        return new StatsView(sources.size(), rows.size(), materialized, records, bytes, perProvider,
                perTable ? rows : null);
    }
}
