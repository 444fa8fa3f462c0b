package io.datably.provider.mongo;

import io.datably.query.plan.BoundQuery;
import io.datably.query.plan.BoundSort;
import io.datably.schema.model.Field;
import io.datably.schema.model.FieldType;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * A bound list query as an aggregation pipeline: match, sort (nulls and NaN placed as PostgreSQL places them),
 * skip, limit, project. The filter is also returned on its own for counting.
 */
final class MongoQueryCompiler {
    private final MongoRecords records;
    private final MongoFilterCompiler filters;

    MongoQueryCompiler(MongoRecords records) {
        this(records, java.util.Map.of());
    }

    /** {@code related}: the query documents of the filter's relation conditions ({@link MongoRelations#resolve}). */
    MongoQueryCompiler(MongoRecords records, java.util.Map<io.datably.query.plan.BoundCondition.Related,
            BsonDocument> related) {
        this.records = records;
        this.filters = new MongoFilterCompiler(records, related);
    }

    /**
     * What the provider runs: {@code filter} selects what is counted (the filter and search, without a keyset's
     * "after the cursor", so every page of a cursor walk counts the same total), {@code pipeline} returns the page.
     */
    record Compiled(BsonDocument filter, List<BsonDocument> pipeline) {
    }

    Compiled compile(BoundQuery query) {
        List<BsonDocument> conditions = new ArrayList<>();
        if (query.where() != null) {
            conditions.add(filters.compile(query.where()));
        }
        BsonDocument search = MongoSearch.compile(query.search(), records);
        if (search != null) {
            conditions.add(search);
        }
        BsonDocument filter = MongoFilterCompiler.and(conditions);
        if (query.after() != null) {
            conditions.add(filters.compile(query.after()));
        }
        BsonDocument match = MongoFilterCompiler.and(conditions);

        List<BsonDocument> pipeline = new ArrayList<>();
        if (!match.isEmpty()) {
            pipeline.add(new BsonDocument("$match", match));
        }
        BsonDocument flags = new BsonDocument();
        BsonDocument sort = sort(query.ordering(), flags);
        if (!flags.isEmpty()) {
            pipeline.add(new BsonDocument("$addFields", flags));
        }
        pipeline.add(new BsonDocument("$sort", sort));
        if (query.offset() > 0) {
            pipeline.add(new BsonDocument("$skip", new BsonInt64(query.offset())));
        }
        pipeline.add(new BsonDocument("$limit", new BsonInt32(query.limit())));
        pipeline.add(new BsonDocument("$project", projection(query.fields(), query.expand())));
        return new Compiled(filter, pipeline);
    }

    /**
     * The sort document; computed sort keys go into {@code flags}. MongoDB ranks null (and missing) below every
     * value, so nulls come first ascending; PostgreSQL puts them last ascending and first descending unless told:
     * a per-key flag (0 sorts first) decides where nulls go, then the value decides. Number keys also get a NaN flag,
     * as PostgreSQL sorts NaN above every number and MongoDB below. {@code _id} ends the sort, so pages are stable
     * even for tables without a key.
     */
    private BsonDocument sort(List<BoundSort> ordering, BsonDocument flags) {
        String prefix = flagPrefix();
        BsonDocument sort = new BsonDocument();
        for (int i = 0; i < ordering.size(); i++) {
            BoundSort key = ordering.get(i);
            Field field = key.field();
            if (MongoFilterCompiler.UNORDERED.contains(field.type())) {
                throw MongoFilterCompiler.unordered(field.name(), field.type(), "ordering");
            }
            String path = records.path(field.name());
            if (sort.containsKey(path)) {
                continue; // a later repeat (e.g. the key tiebreak) must not change the first direction
            }
            BsonInt32 direction = new BsonInt32(key.descending() ? -1 : 1);
            if (!path.equals(MongoRecords.ID) && !path.startsWith(MongoRecords.ID + ".")) {
                String nullFlag = prefix + "null" + i;
                flags.append(nullFlag, flag(isNull(path), key.nullsFirst() ? 0 : 1, key.nullsFirst() ? 1 : 0));
                sort.append(nullFlag, new BsonInt32(1));
            }
            if (field.type() == FieldType.NUMBER) {
                String nanFlag = prefix + "nan" + i;
                flags.append(nanFlag, flag(equalsNaN(path), 1, 0));
                sort.append(nanFlag, direction);
            }
            sort.append(path, direction);
        }
        if (!sort.containsKey(MongoRecords.ID)) {
            sort.append(MongoRecords.ID, new BsonInt32(1));
        }
        return sort;
    }

    /**
     * {@code {_id: 1, f: 1, ...}}: the requested fields only (key fields come with {@code _id}), no flags, and the
     * fields that expansions join on (read to fetch related records, not returned unless requested).
     */
    private BsonDocument projection(List<Field> requested, List<io.datably.query.plan.BoundExpand> expand) {
        BsonDocument projection = new BsonDocument(MongoRecords.ID, new BsonInt32(1));
        List<Field> fields = new ArrayList<>(requested);
        expand.forEach(e -> fields.addAll(e.join().fields()));
        for (Field field : fields) {
            String path = records.path(field.name());
            if (!path.equals(MongoRecords.ID) && !path.startsWith(MongoRecords.ID + ".")) {
                projection.append(path, new BsonInt32(1));
            }
        }
        return projection;
    }

    /** A prefix no schema field starts with, so computed keys never shadow a stored field. */
    private String flagPrefix() {
        String prefix = "_q";
        while (startsAnyField(prefix)) {
            prefix = "_" + prefix;
        }
        return prefix;
    }

    private boolean startsAnyField(String prefix) {
        return records.schema().fields().stream().anyMatch(f -> f.name().startsWith(prefix));
    }

    private static BsonDocument flag(BsonDocument condition, int whenTrue, int whenFalse) {
        return new BsonDocument("$cond", new BsonArray(List.of(condition, new BsonInt32(whenTrue),
                new BsonInt32(whenFalse))));
    }

    /** True for null and missing: {@code $eq} alone is false for a missing field on MongoDB, hence {@code $ifNull}. */
    private static BsonDocument isNull(String path) {
        BsonDocument value = new BsonDocument("$ifNull", new BsonArray(List.of(new BsonString("$" + path),
                BsonNull.VALUE)));
        return new BsonDocument("$eq", new BsonArray(List.of(value, BsonNull.VALUE)));
    }

    private static BsonDocument equalsNaN(String path) {
        return new BsonDocument("$eq", new BsonArray(List.<BsonValue>of(new BsonString("$" + path),
                MongoFilterCompiler.NAN)));
    }
}
