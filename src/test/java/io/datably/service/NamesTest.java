package io.datably.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.datably.error.DatablyException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The naming rules: derived slugs, accepted slugs and table names, physical names. */
class NamesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "My Application|my-application",
        "  Café Crème  |cafe-creme",
        "x'); DROP TABLE app; --|x-drop-table-app",
        "A__B--C|a-b-c",
        "2024 Report|2024-report"})
    void derivesSlugsFromNames(String name, String slug) {
        assertEquals(slug, Names.slugFrom("name", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"日本語", "!!!", "😀"})
    void refusesToDeriveEmptySlugs(String name) {
        assertThrows(DatablyException.class, () -> Names.slugFrom("name", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Upper", "-lead", "sp ace", "quo'te", "", "a/b"})
    void rejectsInvalidSlugs(String slug) {
        assertThrows(DatablyException.class, () -> Names.requireSlug("slug", slug));
    }

    @ParameterizedTest
    @ValueSource(strings = {"users; drop", "a\"b", "1abc", "", "é"})
    void rejectsTableNamesThatAreNotIdentifiers(String name) {
        assertThrows(DatablyException.class, () -> Names.requireTableName("name", name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "myapp|users|myapp_users",
        "my-application|order-items|my_application_order_items",
        "2024-report|t|t_2024_report_t"})
    void buildsSqlSafePhysicalNames(String app, String table, String physical) {
        assertEquals(physical, Names.physicalBase(app, table));
    }
}
