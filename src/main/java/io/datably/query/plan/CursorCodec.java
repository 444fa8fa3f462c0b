package io.datably.query.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datably.error.DatablyException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, tamper-proof keyset cursors: {@code base64url(payload).base64url(HMAC-SHA256(payload))}, where the
 * payload holds the ordering it was made for and the last row's values of the ordering keys. A cursor changed by
 * a client, or replayed with another ordering, is refused with a 400.
 */
public final class CursorCodec {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final int MAX_LENGTH = 4096;

    private final SecretKeySpec key;

    public CursorCodec(byte[] secret) {
        this.key = new SecretKeySpec(secret, "HmacSHA256");
    }

    public String encode(String ordering, List<JsonNode> values) {
        ObjectNode payload = JSON.createObjectNode().put("o", ordering);
        ArrayNode array = payload.putArray("v");
        values.forEach(array::add);
        byte[] bytes = payload.toString().getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(sign(bytes));
    }

    /** The values of a cursor made for {@code ordering}; a 400 naming {@code cursor} for anything else. */
    public List<JsonNode> decode(String token, String ordering) {
        int dot = token.indexOf('.');
        if (token.length() > MAX_LENGTH || dot < 0) {
            throw invalid("is not a cursor this service issued");
        }
        byte[] bytes;
        byte[] signature;
        try {
            bytes = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw invalid("is not a cursor this service issued");
        }
        if (!MessageDigest.isEqual(sign(bytes), signature)) {
            throw invalid("has been altered or was issued by another service");
        }
        JsonNode payload;
        try {
            payload = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw invalid("is unreadable");
        }
        if (!ordering.equals(payload.path("o").asText())) {
            throw invalid("was made for another ordering; start again without a cursor");
        }
        List<JsonNode> values = new ArrayList<>();
        payload.path("v").forEach(values::add);
        return values;
    }

    private byte[] sign(byte[] bytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static DatablyException invalid(String why) {
        return DatablyException.invalidParameter("cursor", why);
    }
}
