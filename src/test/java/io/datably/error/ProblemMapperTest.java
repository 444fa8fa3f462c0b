package io.datably.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.pgclient.PgException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapper's fallbacks answer none of the failure's own text: a 5xx is logged, never explained. */
class ProblemMapperTest {
    private final ProblemMapper mapper = new ProblemMapper();

    @Test
    void aServerErrorOfTheWebLayerCarriesNoneOfItsMessage() {
        Response response = mapper.web(new WebApplicationException("pool t_other exhausted at db01:5432", 503));
        assertEquals(503, response.getStatus());
        assertClean(response, "t_other", "db01");
    }

    @Test
    void aConcurrentDuplicateInTheCatalogNamesNoneOfItsColumns() {
        PgException pg = new PgException("duplicate key value violates unique constraint \"app_tenant_slug_key\"",
                "ERROR", "23505", "Key (tenant, slug)=(acme, shop) already exists.");
        Response response = mapper.unexpected(new RuntimeException(pg));
        assertEquals(409, response.getStatus());
        assertClean(response, "tenant", "app_tenant_slug_key", "Key (");
    }

    private static void assertClean(Response response, String... parts) {
        String body = String.valueOf((Map<?, ?>) response.getEntity());
        for (String part : parts) {
            assertFalse(body.contains(part), body);
        }
    }
}
