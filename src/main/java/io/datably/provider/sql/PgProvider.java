package io.datably.provider.sql;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.ProblemItem;
import io.datably.provider.spi.DataProvider;
import io.datably.provider.spi.NulCharacters;
import io.datably.provider.spi.PageRequest;
import io.datably.provider.spi.RecordPage;
import io.datably.provider.spi.TableDescriptor;
import io.datably.provider.spi.TableStats;
import io.datably.schema.model.TableSchema;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the two PostgreSQL providers share: running statements on the reactive pool with errors translated, reading
 * the JSON text PostgreSQL built, paging, and table statistics.
 */
public abstract class PgProvider implements DataProvider {
    protected final Pool pool;
    protected final ObjectMapper mapper;

    protected PgProvider(Pool pool, ObjectMapper mapper) {
        this.pool = pool;
        this.mapper = mapper;
    }

    @Override
    public void checkAvailable() {
        // PostgreSQL is the service's own database: always there.
    }

    /** PostgreSQL text and jsonb cannot hold the NUL character, in values or in object keys. */
    @Override
    public List<ProblemItem> recordProblems(TableSchema schema, ObjectNode record) {
        return NulCharacters.problems(record, true, "PostgreSQL cannot store the NUL character (\\u0000)");
    }

    protected Uni<RowSet<Row>> run(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params).onFailure().transform(PgErrors::translate);
    }

    /** The first column of each row, as text (the JSON PostgreSQL rendered). */
    protected Uni<List<String>> texts(String sql, Tuple params) {
        return run(sql, params).map(rows -> {
            List<String> out = new ArrayList<>(rows.size());
            rows.forEach(row -> out.add(row.getString(0)));
            return out;
        });
    }

    protected Uni<Optional<String>> firstText(String sql, Tuple params) {
        return texts(sql, params).map(list -> list.isEmpty() ? Optional.empty() : Optional.of(list.get(0)));
    }

    /** A page: the JSON array PostgreSQL aggregated, and the count when asked for (a second, cheap statement). */
    protected Uni<RecordPage> page(String pageSql, String countSql, PageRequest page) {
        Uni<String> results = run(pageSql, Tuple.of(page.limit(), page.offset())).map(rows -> rows.iterator().next()
                .getString(0));
        if (!page.withCount()) {
            return results.map(json -> new RecordPage(-1, json));
        }
        return results.chain(json -> run(countSql, Tuple.tuple()).map(rows -> new RecordPage(
                rows.iterator().next().getLong(0), json)));
    }

    @Override
    public Uni<TableStats> stats(TableDescriptor table) {
        String qualified = Sql.table(table.physical());
        return run("SELECT count(*), coalesce(pg_total_relation_size(to_regclass($1)), 0) FROM " + qualified,
                Tuple.of(qualified)).map(rows -> {
                    Row row = rows.iterator().next();
                    return new TableStats(row.getLong(0), row.getLong(1));
                });
    }

    protected String json(JsonNode node) {
        try {
            return mapper.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }
}
