package io.datably.service;

import io.datably.error.DatablyException;
import io.datably.provider.spi.DataProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The one place that knows which provider serves a {@code provider_type}. */
@ApplicationScoped
public class ProviderRegistry {
    private final Map<String, DataProvider> byType;

    public ProviderRegistry(Instance<DataProvider> providers) {
        this.byType = providers.stream()
                .collect(Collectors.toMap(DataProvider::providerType, Function.identity(), (a, b) -> a, TreeMap::new));
    }

    /** The provider of a type a client asked for: unknown types are a 400 listing the known ones. */
    public DataProvider require(String field, String providerType) {
        if (providerType == null) {
            throw DatablyException.invalidField(field, "required", "is required; one of " + byType.keySet());
        }
        DataProvider provider = byType.get(providerType);
        if (provider == null) {
            throw DatablyException.invalidField(field, "unknown_provider",
                    "'" + abbreviate(providerType) + "' is not a provider; use one of " + byType.keySet());
        }
        return provider;
    }

    /** The provider of a stored datasource (its type was checked when it was created). */
    public DataProvider of(String providerType) {
        return require("provider_type", providerType);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
