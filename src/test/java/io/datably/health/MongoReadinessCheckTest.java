package io.datably.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The readiness answer names no server, address or driver class: the driver's message goes to the log. */
class MongoReadinessCheckTest {
    @Test
    void aFailedPingPublishesNoneOfTheDriversText() {
        HealthCheckResponse down = MongoReadinessCheck.down(new IllegalStateException("Timed out; cluster state is "
                + "{servers=[{address=db01.internal:27017, exception={com.mongodb.MongoSocketOpenException}}]}"));
        assertEquals(HealthCheckResponse.Status.DOWN, down.getStatus());
        String data = String.valueOf(down.getData().orElseThrow());
        assertFalse(data.contains("db01") || data.contains("com.mongodb") || data.contains("27017"), data);
    }
}
