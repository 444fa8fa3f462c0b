package io.datably.provider.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

/** PostgreSQL's own text never reaches the client in a 500: it can quote SQL, values and other tables' names. */
class PgErrorsTest {
    @Test
    void aProviderErrorCarriesNoneOfPostgresText() {
        PgException pg = new PgException("relation \"t_other\".\"secret\" is broken near 'x; DROP'", "ERROR", "XX000",
                "detail with a value");
        DatablyException e = (DatablyException) PgErrors.translate(pg);
        assertEquals(ErrorCode.PROVIDER_ERROR, e.code());
        assertFalse(e.getMessage().contains("secret") || e.getMessage().contains("DROP")
                || e.getMessage().contains("XX000"), e.getMessage());
        assertEquals(0, e.errors().size());
    }
}
