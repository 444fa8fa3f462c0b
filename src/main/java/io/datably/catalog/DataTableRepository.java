package io.datably.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.postgresql.core.Utils;

/** Tenant-scoped access to datatables. */
@ApplicationScoped
public class DataTableRepository implements PanacheRepository<DataTable> {

    /**
     * The UPDATE that switches a table's catalog row to a new schema, for a migration's changeset to run last, so the
     * table and its schema change in one transaction. Values are inlined (a Liquibase change has no parameters) and
     * quoted by the PostgreSQL driver. The catalog lives in the {@code public} schema, and a tenant's changelog runs
     * with its own schema as default, so the table is qualified.
     */
    public static String schemaSwitchSql(long tableId, String jsonSchema, String schemaHash, int version) {
        return "UPDATE public.data_table SET json_schema = " + literal(jsonSchema) + ", schema_hash = "
                + literal(schemaHash) + ", schema_version = " + version + ", updated_at = now() WHERE id = " + tableId;
    }

    /** One catalog row's switch to a new schema. */
    public record SchemaSwitch(long tableId, String jsonSchema, String schemaHash, int version) {
    }

    /**
     * {@link #schemaSwitchSql(long, String, String, int)} for several tables at once, as one statement (a changeset's
     * statements are never split): a change that carries other tables' foreign keys switches them with its own.
     */
    public static String schemaSwitchSql(List<SchemaSwitch> switches) {
        if (switches.size() == 1) {
            SchemaSwitch only = switches.get(0);
            return schemaSwitchSql(only.tableId(), only.jsonSchema(), only.schemaHash(), only.version());
        }
        StringBuilder values = new StringBuilder();
        for (SchemaSwitch s : switches) {
            values.append(values.isEmpty() ? "" : ", ").append("(").append(s.tableId()).append(", ")
                    .append(literal(s.jsonSchema())).append(", ").append(literal(s.schemaHash())).append(", ")
                    .append(s.version()).append(")");
        }
        return "UPDATE public.data_table t SET json_schema = v.json_schema, schema_hash = v.schema_hash, "
                + "schema_version = v.version, updated_at = now() FROM (VALUES " + values
                + ") AS v(id, json_schema, schema_hash, version) WHERE t.id = v.id";
    }

    private static String literal(String value) {
        try {
            return Utils.escapeLiteral(new StringBuilder("'"), value, true).append('\'').toString();
        } catch (SQLException e) {
            throw new IllegalArgumentException("Not storable as a PostgreSQL literal: " + e.getMessage(), e);
        }
    }

    public Uni<DataTable> findByName(DataSource datasource, String name) {
        return find("datasource = ?1 and name = ?2", datasource, name).firstResult();
    }

    /** Every table of one datasource, deleted ones too (a rename carries the new name to all of them). */
    public Uni<List<DataTable>> allOf(DataSource datasource) {
        return list("datasource = ?1", Sort.by("id"), datasource);
    }

    /** The active tables of one datasource (record work resolves a table together with its possible relations). */
    public Uni<List<DataTable>> activeOf(DataSource datasource) {
        return list("datasource = ?1 and active = true", Sort.by("id"), datasource);
    }

    /**
     * The active tables of an active datasource of an active app, by slugs, with their datasource and app: what a
     * record request needs, in one catalog query. Empty when any of them is missing or inactive (or has no tables).
     */
    public Uni<List<DataTable>> activeOf(String tenant, String appSlug, String dsSlug) {
        return list("from DataTable t join fetch t.datasource d join fetch d.app a where a.tenant = ?1 and a.slug = ?2"
                + " and d.slug = ?3 and t.active = true and d.active = true and a.active = true order by t.id",
                tenant, appSlug, dsSlug);
    }

    /** Tables of one datasource ({@code datasource} set) or of a whole app, with optional filters. */
    public PanacheQuery<DataTable> search(App app, DataSource datasource, Boolean materialized, Boolean active) {
        StringBuilder where = new StringBuilder();
        Parameters params;
        if (datasource != null) {
            where.append("datasource = :ds");
            params = Parameters.with("ds", datasource);
        } else {
            where.append("datasource.app = :app and datasource.active = true");
            params = Parameters.with("app", app);
        }
        if (materialized != null) {
            where.append(" and materialized = :materialized");
            params.and("materialized", materialized);
        }
        if (active != null) {
            where.append(" and active = :active");
            params.and("active", active);
        }
        return find(where.toString(), Sort.by("id"), params);
    }

    public Uni<List<DataTable>> activeOfApp(App app) {
        return list("datasource.app = ?1 and datasource.active = true and active = true", Sort.by("id"), app);
    }

    /** Active table counts per datasource id. */
    /**
     * Every (tenant, provider type) holding materialized tables, or only {@code tenant}'s (null: all): where audit
     * trails may be, for their retention.
     */
    public Uni<List<Object[]>> tenantsAndProviders(String tenant) {
        String select = "select distinct t.tenant, t.datasource.providerType from DataTable t where t.materialized = true";
        return getSession().chain(session -> tenant == null
                ? session.createSelectionQuery(select, Object[].class).getResultList()
                : session.createSelectionQuery(select + " and t.tenant = :tenant", Object[].class)
                        .setParameter("tenant", tenant).getResultList());
    }

    public Uni<List<Object[]>> countActiveByDataSource(List<Long> datasourceIds) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select t.datasource.id, count(t) from DataTable t where t.datasource.id in :ids and t.active = true "
                        + "group by t.datasource.id", Object[].class).setParameter("ids", datasourceIds).getResultList());
    }

    /** Active table counts per app id (through active datasources). */
    public Uni<List<Object[]>> countActiveByApp(List<Long> appIds) {
        return getSession().chain(s -> s.createSelectionQuery(
                "select t.datasource.app.id, count(t) from DataTable t where t.datasource.app.id in :ids "
                        + "and t.active = true and t.datasource.active = true group by t.datasource.app.id",
                Object[].class).setParameter("ids", appIds).getResultList());
    }

    public Uni<Boolean> physicalNameTaken(String tenant, String physicalName) {
        return count("tenant = ?1 and physicalTableName = ?2", tenant, physicalName).map(n -> n > 0);
    }

    public Uni<Integer> deactivateAllOfApp(App app) {
        return update("active = false, updatedAt = ?1 where active = true and datasource.id in "
                + "(select d.id from DataSource d where d.app = ?2)", OffsetDateTime.now(), app);
    }

    public Uni<Integer> deactivateAllOf(DataSource datasource) {
        return update("active = false, updatedAt = ?1 where datasource = ?2 and active = true",
                OffsetDateTime.now(), datasource);
    }
}
