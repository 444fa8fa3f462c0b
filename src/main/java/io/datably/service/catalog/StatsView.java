package io.datably.service.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Counts and sizes of an app, a datasource, or all tables of an app; per provider, and per table where listed. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatsView(long datasourceCount, long tableCount, long materializedTableCount, long recordCount,
                        long storageBytes, Map<String, ProviderStats> byProvider, List<TableStatsView> tables) {

    /** Totals of one provider type. */
    public record ProviderStats(long datasourceCount, long tableCount, long materializedTableCount, long recordCount,
                                long storageBytes) {
    }

    /** One table's numbers. */
    public record TableStatsView(String datasource, String name, String providerType, boolean isMaterialized,
                                 long recordCount, long storageBytes) {
    }
}
