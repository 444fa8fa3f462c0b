package io.datably.service.transfer;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What an import did: {@code status} succeeded or failed (all_or_nothing with any rejected row: nothing written),
 * exact totals, and the first {@link #MAX_ERRORS} row errors.
 */
public record ImportReport(String status, long rowsRead, long rowsWritten, long rowsRejected, List<RowError> errors) {
    public static final int MAX_ERRORS = 100;
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    /** A job cancelled ({@code DELETE .../imports/{id}/}): skip_invalid keeps the rows it wrote, all_or_nothing none. */
    public static final String CANCELLED = "cancelled";

    /** Tells the report (200) from a job (202) an import answers (the OpenAPI discriminator, README "Client SDKs"). */
    @JsonProperty("kind")
    public String kind() {
        return "import_report";
    }

    /**
     * One reason a row was rejected: its position in the input (1 = the first record, the CSV header not counted),
     * the field ("" for the row as a whole), the rule it breaks, the value given (abbreviated) and why.
     */
    public record RowError(long row, String field, String rule, String value, String message) {
    }
}
