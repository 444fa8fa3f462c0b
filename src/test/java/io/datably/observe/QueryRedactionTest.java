package io.datably.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class QueryRedactionTest {
    @Test
    void valuesGoNamesStay() {
        assertEquals("title=?", QueryRedaction.redact("title=Dune"));
        assertEquals("a=?&flag&c=?&d=?", QueryRedaction.redact("a=1&flag&c=&d=x%3Dy=z"));
        assertEquals("author__name=?&ordering=?", QueryRedaction.redact("author__name=Bob&ordering=-id"));
    }
}
