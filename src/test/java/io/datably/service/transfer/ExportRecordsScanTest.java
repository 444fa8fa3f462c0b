package io.datably.service.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The scan that finds a page's records (their count, the last one's text) before the page is rendered. */
class ExportRecordsScanTest {
    @Test
    void countsTopLevelRecordsWhateverTheirStringsHold() {
        String page = "[{\"a\":\"} ] { [\",\"b\":[1,{\"c\":2}]},{\"a\":\"\\\"}\\\\\"},{\"a\":{\"b\":[]}}]";
        int[] scan = RecordExport.Records.scan(page);
        assertEquals(3, scan[0]);
        assertEquals("{\"a\":{\"b\":[]}}", page.substring(scan[1], scan[2]));
        assertArrayEquals(new int[] {0, -1, -1}, RecordExport.Records.scan("[]"));
        int[] spaced = RecordExport.Records.scan("[{\"x\": 1}, \n {\"x\": 2}]");
        assertEquals(2, spaced[0]);
        assertEquals("{\"x\": 2}", "[{\"x\": 1}, \n {\"x\": 2}]".substring(spaced[1], spaced[2]));
    }
}
