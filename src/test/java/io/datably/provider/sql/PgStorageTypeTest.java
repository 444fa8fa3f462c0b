package io.datably.provider.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.datably.schema.model.Field;
import io.datably.schema.validate.SchemaDescriptorParser;
import io.datably.testsupport.Api;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The column type a flat table stores a field in: a {@code datably:sqlType} from the list that fits the field's type,
 * rebuilt from its parts; anything else (other types, types of another field type, sizes PostgreSQL refuses, SQL)
 * falls back to the field type's own column type, so a descriptor's text never reaches the DDL.
 */
class PgStorageTypeTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "integer | integer | integer",
            "integer | SMALLINT | smallint",
            "integer | ' bigint ' | bigint",
            "integer | numeric(10,2) | bigint",
            "integer | integer; DROP TABLE x | bigint",
            "number | numeric( 10 , 2 ) | numeric(10,2)",
            "number | numeric(12) | numeric(12)",
            "number | numeric(2,3) | numeric",
            "number | numeric(1001) | numeric",
            "number | double precision | double precision",
            "number | real | real",
            "string | character varying(255) | character varying(255)",
            "string | character varying(0) | text",
            "string | character varying(10485761) | text",
            "string | character(36) | character(36)",
            "string | character varying(255)) | text",
            "string | bytea | bytea",
            "string | inet | text",
            "string | text | text",
            "datetime | timestamp without time zone | timestamp without time zone",
            "datetime | timestamp(3) with time zone | timestamptz",
            "date | timestamp without time zone | date",
            "string | '' | text",
    })
    void storageType(String type, String sqlType, String expected) {
        assertEquals(expected, PgTypes.storageType(field(type, sqlType)));
    }

    private static Field field(String type, String sqlType) {
        var node = Api.json("{\"fields\": [{\"name\": \"f\", \"type\": \"" + type + "\"}]}");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("fields").get(0)).put("datably:sqlType", sqlType);
        var result = SchemaDescriptorParser.parse(node);
        return result.schema().fields().get(0);
    }
}
