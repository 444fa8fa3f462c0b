package io.datably.service.catalog;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.datably.catalog.App;
import java.time.Instant;

/** An app as the API shows it. */
public record AppView(long id, String name, String slug, String description,
                      long datasourceCount, long tableCount,
                      @JsonProperty("is_active") boolean isActive, Instant createdAt, Instant updatedAt) {

    static AppView of(App app, long datasourceCount, long tableCount) {
        return new AppView(app.id, app.name, app.slug, app.description, datasourceCount, tableCount, app.active,
                app.createdAt.toInstant(), app.updatedAt.toInstant());
    }
}
