package io.datably.service.catalog.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.service.catalog.openapi.OpenApiNames.TableRef;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bases SDK class and method names derive from: valid, unique, never a built-in, and stable. */
class OpenApiNamesTest {
    private static Map<TableRef, String> bases(TableRef... tables) {
        return OpenApiNames.bases(List.of(tables));
    }

    @Test
    void pascalCaseFromTableNames() {
        assertEquals("OrderItems", OpenApiNames.pascal("order_items"));
        assertEquals("OrderItems", OpenApiNames.pascal("order-items"));
        assertEquals("UserID", OpenApiNames.pascal("userID"));
        assertEquals("T2024Sales", OpenApiNames.pascal("2024_sales"));
        assertEquals("Private", OpenApiNames.pascal("_private"));
    }

    @Test
    void builtInsGetASuffix() {
        Map<TableRef, String> bases = bases(new TableRef("ds", "object"), new TableRef("ds", "string"),
                new TableRef("ds", "list"), new TableRef("ds", "map"), new TableRef("ds", "date"),
                new TableRef("ds", "integer"), new TableRef("ds", "problem"), new TableRef("ds", "items"));
        assertEquals(List.of("ObjectRecord", "StringRecord", "ListRecord", "MapRecord", "DateRecord", "IntegerRecord",
                "ProblemRecord", "Items"), List.copyOf(bases.values()));
    }

    @Test
    void theSameNameInTwoDatasourcesTakesBothPrefixes() {
        Map<TableRef, String> bases = bases(new TableRef("archive", "products"), new TableRef("shop", "products"),
                new TableRef("shop", "orders"));
        assertEquals(List.of("ArchiveProducts", "ShopProducts", "Orders"), List.copyOf(bases.values()));
    }

    @Test
    void aDerivedNameIsNeverAnotherTablesName() {
        // products_page would be ProductsPage, the page envelope of products.
        Map<TableRef, String> bases = bases(new TableRef("ds", "products"), new TableRef("ds", "products_page"),
                new TableRef("ds", "products_page_record"));
        assertEquals(List.of("Products", "ProductsPageRecord", "ProductsPageRecordRecord"),
                List.copyOf(bases.values()));
    }

    @Test
    void namesDifferingInCaseAreStillDistinct() {
        Map<TableRef, String> bases = bases(new TableRef("ds", "Notes"), new TableRef("ds", "notes"));
        assertEquals(2, Map.copyOf(bases).values().stream().map(String::toLowerCase).distinct().count(),
                bases.toString());
    }
}
