package io.datably.provider.mongo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

/** MongoDB's own text never reaches the client: it names databases, collections, values and server addresses. */
class MongoErrorsTest {
    private static final String SECRET = "t_other.secret_collection at db01.internal:27017 { ssn: \"123\" }";

    @Test
    void aProviderErrorCarriesNoneOfMongoText() {
        BsonDocument response = new BsonDocument("ok", new BsonInt32(0)).append("code", new BsonInt32(8000))
                .append("errmsg", new BsonString(SECRET));
        RuntimeException e = MongoErrors.translate(new CompletionException(
                new MongoCommandException(response, new ServerAddress("db01.internal"))), "books", Map.of());
        DatablyException datably = (DatablyException) e;
        assertEquals(ErrorCode.PROVIDER_ERROR, datably.code());
        assertClean(datably);
        assertEquals(0, datably.errors().size());
    }

    @Test
    void aDuplicateOnAnUnknownIndexNamesNoneOfMongoText() {
        WriteError error = new WriteError(11000, "E11000 duplicate key error collection: " + SECRET
                + " index: gone_idx dup key: { ssn: \"123\" }", new BsonDocument());
        DatablyException e = (DatablyException) MongoErrors.translate(
                new MongoWriteException(error, new ServerAddress("db01.internal")), "books",
                Map.of("isbn_unique", List.of("isbn")));
        assertEquals(ErrorCode.DUPLICATE, e.code());
        assertClean(e);
    }

    private static void assertClean(DatablyException e) {
        String answer = e.getMessage() + e.errors();
        for (String part : List.of("secret", "db01", "ssn", "123", "t_other", "E11000")) {
            assertFalse(answer.contains(part), answer);
        }
    }
}
