package io.datably.service.records;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.config.DatablyConfig;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import io.datably.schema.validate.CastResult;
import io.datably.schema.validate.RecordCaster;
import io.datably.service.SchemaCache;
import io.datably.service.tables.TableHandle;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Request bodies read as records of a table: cast by its schema and checked against what its store can hold, every
 * culprit named ({@code field}, or {@code [i].field} in an array). One reading for creates, changes, upserts and bulk
 * changes, so they accept and refuse the same values.
 */
@ApplicationScoped
public class RecordBodies {
    private final SchemaCache schemas;
    private final DatablyConfig config;

    public RecordBodies(SchemaCache schemas, DatablyConfig config) {
        this.schemas = schemas;
        this.config = config;
    }

    /** A record (object) or records (array of at most the max page size), each as a create casts it. */
    public List<ObjectNode> records(TableHandle h, JsonNode body) {
        if (body == null || body.isNull()) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "A record (object) or records (array) is required");
        }
        if (!body.isArray()) {
            return List.of(record(h, body, false));
        }
        if (body.isEmpty()) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "The array of records is empty");
        }
        int max = config.paging().maxPageSize();
        if (body.size() > max) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "At most " + max + " records per request; got "
                    + body.size());
        }
        RecordCaster caster = schemas.casterOf(h.table());
        List<ObjectNode> records = new ArrayList<>();
        List<ProblemItem> problems = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            CastResult result = caster.cast(body.get(i), false);
            String prefix = "[" + i + "]";
            result.violations().forEach(v -> problems.add(new ProblemItem(
                    v.field().isEmpty() ? prefix : prefix + "." + v.field(), v.code(), v.message())));
            h.provider().recordProblems(h.descriptor().schema(), result.record()).forEach(p -> problems.add(
                    new ProblemItem(prefix + "." + p.field(), p.code(), p.message())));
            records.add(result.record());
        }
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return records;
    }

    /** One record (an object): whole as a create or replace casts it, or {@code partial} as a PATCH does. */
    public ObjectNode record(TableHandle h, JsonNode body, boolean partial) {
        if (body == null || !body.isObject()) {
            throw new DatablyException(ErrorCode.MALFORMED_BODY, "The request body must be a JSON object (a record)");
        }
        CastResult result = schemas.casterOf(h.table()).cast(body, partial);
        List<ProblemItem> problems = new ArrayList<>();
        result.violations().forEach(v -> problems.add(new ProblemItem(v.field(), v.code(), v.message())));
        h.provider().recordProblems(h.descriptor().schema(), result.record()).forEach(p -> problems.add(
                new ProblemItem(p.field(), p.code(), p.message())));
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return result.record();
    }

    /** A 400 DS103 naming every problem, the first in the message. */
    public static DatablyException invalid(List<ProblemItem> problems) {
        return new DatablyException(ErrorCode.RECORD_INVALID, problems.size() + " validation error(s): "
                + problems.get(0).field() + " " + problems.get(0).message() + (problems.size() > 1 ? ", …" : ""),
                problems);
    }
}
