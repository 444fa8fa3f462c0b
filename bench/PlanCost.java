import com.fasterxml.jackson.databind.ObjectMapper;
import io.datably.provider.spi.Capabilities;
import io.datably.provider.sql.ColumnAccess;
import io.datably.provider.sql.Sql;
import io.datably.provider.sql.SqlQueryCompiler;
import io.datably.query.model.RecordQuery;
import io.datably.query.parse.NativeQueryParser;
import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.QueryPlanner;
import io.datably.schema.model.TableSchema;
import io.datably.schema.validate.RecordCaster;
import io.datably.schema.validate.SchemaDescriptorParser;
import java.util.List;
import java.util.Map;

/**
 * What a service-side plan cache could save: the time to parse, plan and compile a typical list query (the bench's
 * "filter+order"), without any I/O. Run after packaging:
 *
 *   ./mvnw -q dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 *   java -cp target/classes:$(cat /tmp/cp.txt) bench/PlanCost.java
 */
public class PlanCost {
    public static void main(String[] args) throws Exception {
        TableSchema schema = SchemaDescriptorParser.parse(new ObjectMapper().readTree("""
                {"fields": [{"name": "id", "type": "integer"}, {"name": "customer_name", "type": "string"},
                  {"name": "category", "type": "string"}, {"name": "price", "type": "number"},
                  {"name": "qty", "type": "integer"}, {"name": "created_at", "type": "datetime"},
                  {"name": "note", "type": "string"}], "primaryKey": ["id"]}""")).schema();
        var target = new QueryPlanner.Target("flat_table", schema, new RecordCaster(schema),
                new Capabilities(true, true));
        QueryPlanner planner = new QueryPlanner(50, 1000, null);
        ColumnAccess columns = (row, f) -> row + "." + Sql.quote(f.name());
        Map<String, List<String>> params = Map.of("category", List.of("books"), "price__gt", List.of("50"),
                "ordering", List.of("-price"), "page_size", List.of("50"));
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            int n = 200_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                RecordQuery query = NativeQueryParser.parse(params);
                BoundQuery bound = planner.plan(query, target);
                sink += SqlQueryCompiler.compile(bound, columns, null).where().length();
            }
            System.out.printf("round %d: %.2f µs per parse+plan+compile%n", round, (System.nanoTime() - start) / 1e3 / n);
        }
        System.out.println("(" + sink + ")");
    }
}
