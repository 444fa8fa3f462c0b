package io.datably.sdkcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datably.client.ApiClient;
import io.datably.client.ApiException;
import io.datably.client.api.ProductsApi;
import io.datably.client.api.ProductsApi.APIAggregateProductsRequest;
import io.datably.client.api.ProductsApi.APICreateProductsRequest;
import io.datably.client.api.ProductsApi.APIDeleteProductsRequest;
import io.datably.client.api.ProductsApi.APIGetProductsRequest;
import io.datably.client.api.ProductsApi.APIListProductsRequest;
import io.datably.client.api.ProductsApi.APIUpdateProductsRequest;
import io.datably.client.model.Products;
import io.datably.client.model.ProductsPage;
import io.datably.client.model.ProductsPatch;
import java.math.BigDecimal;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The typed client of app sdk-shop (its document /api/apps/sdk-shop/openapi, made after the generic round trip
 * created the products table) works the table's records through the table's own model, with nothing but the
 * generated code.
 */
class AppRoundTripTest {
    private static ApiClient client() {
        URI url = URI.create(System.getProperty("datably.url"));
        return new ApiClient().setScheme(url.getScheme()).setHost(url.getHost()).setPort(url.getPort());
    }

    @Test
    void recordsThroughTheTypedModel() throws ApiException {
        ProductsApi products = new ProductsApi(client());
        OffsetDateTime at = OffsetDateTime.parse("2026-01-15T10:00:00Z");
        String[][] rows = {{"101", "hammer", "TOOLS", "12.50", "7"}, {"102", "kite", "TOYS", "30.00", "2"},
                {"103", "saw", "TOOLS", "45.10", "0"}};
        for (String[] row : rows) {
            Products created = products.createProducts(APICreateProductsRequest.newBuilder().products(new Products()
                    .id(Long.valueOf(row[0])).name(row[1]).category(Products.CategoryEnum.valueOf(row[2]))
                    .price(new BigDecimal(row[3])).stock(Long.valueOf(row[4])).createdAt(at)).build());
            assertEquals(Long.valueOf(row[0]), created.getId());
            assertEquals(at.toInstant(), created.getCreatedAt().toInstant());
        }

        // a filter per field and operator, ordering by a field, descending
        ProductsPage tools = products.listProducts(APIListProductsRequest.newBuilder()
                .category(Products.CategoryEnum.TOOLS.getValue()).idGte(101L).ordering(List.of("-price")).build());
        assertEquals(2L, tools.getCount());
        assertEquals(List.of("saw", "hammer"), tools.getResults().stream().map(Products::getName).toList());
        ProductsPage cheap = products.listProducts(APIListProductsRequest.newBuilder()
                .idGte(101L).priceLt(new BigDecimal("40")).ordering(List.of("id")).build());
        assertEquals(List.of(101L, 102L), cheap.getResults().stream().map(Products::getId).toList());

        Products kite = products.getProducts(APIGetProductsRequest.newBuilder().pk(102L).build());
        assertEquals(0, new BigDecimal("30.00").compareTo(kite.getPrice()));
        assertEquals(Products.CategoryEnum.TOYS, kite.getCategory());

        // a patch sends only what it sets: nothing required
        Products patched = products.updateProducts(APIUpdateProductsRequest.newBuilder().pk(102L)
                .productsPatch(new ProductsPatch().stock(9L)).build());
        assertEquals(9L, patched.getStock());
        assertEquals("kite", patched.getName());

        products.deleteProducts(APIDeleteProductsRequest.newBuilder().pk(103L).build());
        ApiException gone = assertThrows(ApiException.class,
                () -> products.getProducts(APIGetProductsRequest.newBuilder().pk(103L).build()));
        assertEquals(404, gone.getCode());

        List<Map<String, Object>> groups = products.aggregateProducts(APIAggregateProductsRequest.newBuilder()
                .idGte(101L).groupBy("category").aggregates("count(*),sum(stock)").ordering("category").build())
                .getResults();
        assertEquals(2, groups.size(), groups.toString());
        assertEquals("tools", groups.get(0).get("category"));
        assertEquals(1, ((Number) groups.get(0).get("count")).intValue());
        assertEquals(7, ((Number) groups.get(0).get("sum_stock")).intValue(), groups.toString());
        assertEquals(9, ((Number) groups.get(1).get("sum_stock")).intValue());
        assertNull(products.listProducts(APIListProductsRequest.newBuilder().idGte(101L).build()).getNext());
    }
}
