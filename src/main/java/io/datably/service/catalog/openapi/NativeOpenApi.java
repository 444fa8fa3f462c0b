package io.datably.service.catalog.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.catalog.DataTable;
import io.datably.catalog.DataTableRepository;
import io.datably.provider.spi.Relation;
import io.datably.schema.model.TableSchema;
import io.datably.service.CatalogLookup;
import io.datably.service.ProviderRegistry;
import io.datably.service.SchemaCache;
import io.datably.service.tables.RelationNames;
import io.datably.service.tables.TableResolver;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The typed OpenAPI 3.0.3 document of an app's native records API (or of one datasource's): per table its paths,
 * with the table's name in them, and its component schemas ({@code <Base>}, {@code <Base>Patch},
 * {@code <Base>Page}, {@code <Base>Aggregates}), for SDK generators. 3.0.3 rather than 3.1: the generators SDKs are
 * made with (openapi-generator's java and typescript-fetch) are most reliable on 3.0.
 *
 * <p>Deterministic: tables are taken in (datasource, table) order, and paths, components and parameters are sorted,
 * so the same schemas give the same bytes. Its ETag follows the tables' schema hashes (and the service version that
 * writes the document), so a client regenerates only when a schema changed.
 */
@ApplicationScoped
public class NativeOpenApi {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final CatalogLookup lookup;
    private final DataTableRepository tables;
    private final TableResolver resolver;
    private final SchemaCache schemas;
    private final ProviderRegistry providers;

    public NativeOpenApi(CatalogLookup lookup, DataTableRepository tables, TableResolver resolver,
                         SchemaCache schemas, ProviderRegistry providers) {
        this.lookup = lookup;
        this.tables = tables;
        this.resolver = resolver;
        this.schemas = schemas;
        this.providers = providers;
    }

    /** A document and its entity tag (quoted); the document is only written when asked. */
    public record Document(String etag, Supplier<ObjectNode> json) {
    }

    /**
     * The document of the app's active datasources, or of {@code ds} alone when given (404 naming the missing app or
     * datasource).
     */
    public Uni<Document> describe(String app, String ds) {
        Uni<List<DataTable>> active = ds == null
                ? Panache.withSession(() -> lookup.activeApp(app).chain(tables::activeOfApp))
                : resolver.activeTables(app, ds);
        return active.map(found -> {
            List<DataTable> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparing((DataTable t) -> t.datasource.slug).thenComparing(t -> t.name));
            return new Document(etag(app, ds, sorted), () -> document(app, ds, sorted));
        });
    }

    /** Over everything the document is written from: names, providers, materialization and schema hashes. */
    private static String etag(String app, String ds, List<DataTable> sorted) {
        StringBuilder text = new StringBuilder("native-openapi\n").append(version()).append('\n').append(app)
                .append('\n').append(ds == null ? "" : ds).append('\n');
        for (DataTable t : sorted) {
            text.append(t.datasource.slug).append('\t').append(t.datasource.providerType).append('\t').append(t.name)
                    .append('\t').append(t.materialized).append('\t').append(t.schemaHash).append('\n');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString()
                    .getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory on every JVM", e);
        }
    }

    private static String version() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class)
                .orElse("dev");
    }

    private ObjectNode document(String app, String ds, List<DataTable> sorted) {
        // Relations are named over every active table of a datasource, as the records API names them.
        Map<String, Map<String, TableSchema>> byDatasource = new TreeMap<>();
        sorted.forEach(t -> byDatasource.computeIfAbsent(t.datasource.slug, k -> new HashMap<>())
                .put(t.name, schemas.of(t)));
        List<DataTable> served = sorted.stream().filter(t -> t.materialized).toList();
        Map<OpenApiNames.TableRef, String> bases = OpenApiNames.bases(served.stream()
                .map(t -> new OpenApiNames.TableRef(t.datasource.slug, t.name)).toList());

        ObjectNode doc = JSON.objectNode().put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info").put("title", ds == null ? app : app + "/" + ds)
                .put("version", version());
        info.put("description", "The native records API of " + (ds == null ? "app " + app : "datasource " + app
                + "/" + ds) + ", one typed set of operations per datatable");
        doc.putArray("servers").addObject().put("url", "/");
        TreeMap<String, ObjectNode> paths = new TreeMap<>();
        TreeMap<String, ObjectNode> components = new TreeMap<>();
        TreeMap<String, String> tagDescriptions = new TreeMap<>();
        components.put("Problem", NativePaths.problemSchema());
        for (DataTable t : served) {
            String base = bases.get(new OpenApiNames.TableRef(t.datasource.slug, t.name));
            TableSchema schema = byDatasource.get(t.datasource.slug).get(t.name);
            Map<String, String> componentOf = new LinkedHashMap<>();
            served.stream().filter(o -> o.datasource.slug.equals(t.datasource.slug)).forEach(o -> componentOf.put(
                    o.name, bases.get(new OpenApiNames.TableRef(o.datasource.slug, o.name))));
            Map<String, Relation> relations = new TreeMap<>();
            RelationNames.of(t.name, byDatasource.get(t.datasource.slug)).forEach((name, r) -> {
                if (componentOf.containsKey(r.target())) {
                    relations.put(name, r);
                }
            });
            String title = t.datasource.slug + "/" + t.name;
            components.put(base, RecordSchemas.record(schema, title, relations, componentOf));
            components.put(base + "Patch", RecordSchemas.patch(schema, title + " (patch)"));
            components.put(base + "Page", RecordSchemas.page(base, title + " (page)"));
            components.put(base + "Aggregates", RecordSchemas.aggregates(title + " (aggregates)"));
            paths.putAll(NativePaths.of(app, new NativePaths.Table(t.datasource.slug, t.name, schema, base,
                    List.copyOf(relations.keySet()), providers.of(t.datasource.providerType).capabilities())));
            tagDescriptions.put(base, "Records of datatable " + title
                    + (t.description == null || t.description.isBlank() ? "" : ": " + t.description));
        }
        ArrayNode tags = doc.putArray("tags");
        tagDescriptions.forEach((name, description) -> tags.addObject().put("name", name)
                .put("description", description));
        ObjectNode pathsNode = doc.putObject("paths");
        paths.forEach(pathsNode::set);
        ObjectNode schemasNode = doc.putObject("components").putObject("schemas");
        components.forEach(schemasNode::set);
        return doc;
    }
}
