package io.datably.sdkcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.datably.client.ApiClient;
import io.datably.client.ApiException;
import io.datably.client.api.AppsApi;
import io.datably.client.api.DataSourcesApi;
import io.datably.client.api.DataTablesApi;
import io.datably.client.api.RecordsApi;
import io.datably.client.model.AggregateResults;
import io.datably.client.model.AppInput;
import io.datably.client.model.DataSourceInput;
import io.datably.client.model.DataTableInput;
import io.datably.client.model.DataTableView;
import io.datably.client.model.MigrationPreview;
import io.datably.client.model.RecordPage;
import io.datably.client.model.SchemaChangeAnswer;
import io.datably.client.model.TableSchema;
import io.datably.client.model.TableSchemaField;
import io.datably.client.model.TableSchemaFieldConstraints;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The client generated from the generic document (/q/openapi) works the API with nothing but the generated code:
 * it makes app sdk-shop, its datasource and the products table (which the typed round trip then uses: its own
 * records have ids from 101), writes one record and an array of them, lists with the example filters, reads,
 * patches, aggregates, deletes, and previews then applies a schema change (the dry-run answer and the datatable
 * are told apart by their kind).
 */
class GenericRoundTripTest {
    private static final String APP = "sdk-shop";
    private static final String DS = "main";
    private static final String TABLE = "products";

    private static ApiClient client() {
        URI url = URI.create(System.getProperty("datably.url"));
        return new ApiClient().setScheme(url.getScheme()).setHost(url.getHost()).setPort(url.getPort());
    }

    private static TableSchemaField field(String name, TableSchemaField.TypeEnum type) {
        return new TableSchemaField().name(name).type(type);
    }

    @Test
    void theApiThroughTheGenericClient() throws ApiException {
        ApiClient client = client();
        new AppsApi(client).createApp(AppsApi.APICreateAppRequest.newBuilder()
                .appInput(new AppInput().name("SDK shop").slug(APP)).build());
        new DataSourcesApi(client).createDataSource(DataSourcesApi.APICreateDataSourceRequest.newBuilder().app(APP)
                .dataSourceInput(new DataSourceInput().name("Main").slug(DS)
                        .providerType(DataSourceInput.ProviderTypeEnum.FLAT_TABLE)).build());
        TableSchema schema = new TableSchema().primaryKey("id")
                .addFieldsItem(field("id", TableSchemaField.TypeEnum.INTEGER))
                .addFieldsItem(field("name", TableSchemaField.TypeEnum.STRING))
                .addFieldsItem(field("category", TableSchemaField.TypeEnum.STRING)
                        .constraints(new TableSchemaFieldConstraints()._enum(List.of("tools", "toys"))))
                .addFieldsItem(field("price", TableSchemaField.TypeEnum.NUMBER))
                .addFieldsItem(field("stock", TableSchemaField.TypeEnum.INTEGER))
                .addFieldsItem(field("created_at", TableSchemaField.TypeEnum.DATETIME));
        DataTablesApi tables = new DataTablesApi(client);
        DataTableView created = tables.createDataTable(DataTablesApi.APICreateDataTableRequest.newBuilder().app(APP)
                .ds(DS).dataTableInput(new DataTableInput().name(TABLE).jsonSchema(schema)).build());
        assertEquals(DataTableView.KindEnum.DATATABLE, created.getKind());
        assertEquals(6, created.getJsonSchema().getFields().size());

        RecordsApi records = new RecordsApi(client);
        Object one = records.createRecords(RecordsApi.APICreateRecordsRequest.newBuilder().app(APP).ds(DS)
                .table(TABLE).body(Map.of("id", 1, "name", "Red lamp", "category", "tools", "price", 12.5)).build());
        assertEquals("Red lamp", assertInstanceOf(Map.class, one).get("name"));
        Object many = records.createRecords(RecordsApi.APICreateRecordsRequest.newBuilder().app(APP).ds(DS)
                .table(TABLE).body(List.of(Map.of("id", 2, "name", "Blue LAMP", "price", 30),
                        Map.of("id", 3, "name", "saw", "price", 45))).build());
        assertEquals(2, assertInstanceOf(List.class, many).size());

        RecordPage page = records.listRecords(RecordsApi.APIListRecordsRequest.newBuilder().app(APP).ds(DS)
                .table(TABLE).nameIcontains("lamp").priceGte("20").pageSize(10).build());
        assertEquals(1L, page.getCount());
        assertEquals("Blue LAMP", page.getResults().get(0).get("name"));
        RecordPage ordered = records.listRecords(RecordsApi.APIListRecordsRequest.newBuilder().app(APP).ds(DS)
                .table(TABLE).nameIcontains("lamp").ordering("-price").build());
        assertEquals(List.of("Blue LAMP", "Red lamp"), ordered.getResults().stream().map(r -> r.get("name")).toList());

        Map<String, Object> read = records.getRecord(RecordsApi.APIGetRecordRequest.newBuilder().app(APP).ds(DS)
                .table(TABLE).pk("1").build());
        assertEquals("Red lamp", read.get("name"));
        Map<String, Object> patched = records.updateRecord(RecordsApi.APIUpdateRecordRequest.newBuilder().app(APP)
                .ds(DS).table(TABLE).pk("1").requestBody(Map.of("name", "Green lamp")).build());
        assertEquals("Green lamp", patched.get("name"));

        AggregateResults count = records.aggregateRecords(RecordsApi.APIAggregateRecordsRequest.newBuilder()
                .app(APP).ds(DS).table(TABLE).aggregates("count(*)").build());
        assertEquals(3, ((Number) count.getResults().get(0).get("count")).intValue(), count.toString());

        records.deleteRecord(RecordsApi.APIDeleteRecordRequest.newBuilder().app(APP).ds(DS).table(TABLE).pk("3")
                .build());
        ApiException gone = assertThrows(ApiException.class, () -> records.getRecord(
                RecordsApi.APIGetRecordRequest.newBuilder().app(APP).ds(DS).table(TABLE).pk("3").build()));
        assertEquals(404, gone.getCode());

        TableSchema wider = new TableSchema().primaryKey("id")
                .fields(new ArrayList<>(created.getJsonSchema().getFields()))
                .addFieldsItem(field("note", TableSchemaField.TypeEnum.STRING));
        SchemaChangeAnswer preview = tables.updateDataTable(DataTablesApi.APIUpdateDataTableRequest
                .newBuilder().app(APP).ds(DS).table(TABLE).dryRun(true)
                .dataTableInput(new DataTableInput().jsonSchema(wider)).build());
        assertTrue(assertInstanceOf(MigrationPreview.class, preview.getActualInstance()).getDryRun());
        SchemaChangeAnswer applied = tables.updateDataTable(DataTablesApi.APIUpdateDataTableRequest
                .newBuilder().app(APP).ds(DS).table(TABLE).dataTableInput(new DataTableInput().jsonSchema(wider))
                .build());
        assertEquals(7, assertInstanceOf(DataTableView.class, applied.getActualInstance()).getJsonSchema()
                .getFields().size());
    }
}
