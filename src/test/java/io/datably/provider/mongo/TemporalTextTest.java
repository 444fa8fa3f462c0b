package io.datably.provider.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.schema.model.FieldType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemporalTextTest {

    @ParameterizedTest(name = "{0} {1} ⇄ {2}")
    @CsvSource(delimiter = '|', value = {
        "DATETIME | 2024-10-30T10:00:00Z        | 2024-10-30T10:00:00.000000Z",
        "DATETIME | 2024-10-30T10:00:00.5Z      | 2024-10-30T10:00:00.500000Z",
        "DATETIME | 2024-10-30T10:00:00.000001Z | 2024-10-30T10:00:00.000001Z",
        "TIME     | 12:00:00                    | 12:00:00.000000",
        "TIME     | 23:59:59.999999             | 23:59:59.999999",
    })
    void storesFixedWidthAndReadsBackCanonical(FieldType type, String canonical, String stored) {
        assertEquals(stored, TemporalText.stored(type, canonical));
        assertEquals(canonical, TemporalText.canonical(type, stored));
    }

    /** Values written before fixed-width storage, or not canonical at all, pass through unchanged. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "DATETIME | 2024-10-30T10:00:00.25Z",
        "DATETIME | 2024-10-30",
        "DATETIME | 2024-10-30T10:00:00+01:00",
        "TIME     | 12:00",
        "TIME     | 12:00:00.1234567",
        "TIME     | noon",
    })
    void keepsOtherTextAsItIsWhenReading(FieldType type, String text) {
        assertEquals(text, TemporalText.canonical(type, text));
        if (!text.contains(".")) {
            assertEquals(text, TemporalText.stored(type, text));
        }
    }
}
