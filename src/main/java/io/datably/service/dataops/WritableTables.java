package io.datably.service.dataops;

import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.service.tables.TableHandle;
import io.datably.service.tables.TableResolver;
import io.smallrye.mutiny.Uni;

/** A table whose records may be written (not an adopted view), as the record use cases require it. */
final class WritableTables {
    private WritableTables() {
    }

    static Uni<TableHandle> resolve(TableResolver resolver, String app, String ds, String table) {
        return resolver.resolve(app, ds, table).map(WritableTables::require);
    }

    static TableHandle require(TableHandle h) {
        if (h.descriptor().schema().readOnly()) {
            throw new DatablyException(ErrorCode.METHOD_NOT_ALLOWED, "Datatable '" + h.table().name
                    + "' is read-only (an adopted view): its records cannot be written");
        }
        return h;
    }

    static DatablyException forbidden(String action, String table) {
        return new DatablyException(ErrorCode.FORBIDDEN, "Your policies do not let you " + action
                + " records of '" + table + "'");
    }
}
