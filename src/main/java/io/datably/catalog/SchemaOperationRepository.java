package io.datably.catalog;

import io.quarkus.hibernate.reactive.panache.PanacheRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** History of structural changes of datatables. */
@ApplicationScoped
public class SchemaOperationRepository implements PanacheRepository<SchemaOperation> {

    public Uni<Long> deleteOfTable(Long datatableId) {
        return delete("datatableId", datatableId);
    }
}
