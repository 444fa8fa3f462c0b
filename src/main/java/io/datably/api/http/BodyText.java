package io.datably.api.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.datably.error.DatablyException;
import io.datably.error.ErrorCode;
import io.datably.error.ProblemItem;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Every request body is checked to be Unicode text before any reader sees it: UTF-8 exactly (Jackson reads the
 * overlong {@code C0 AE} as '.'), and in JSON no string or member name with an unpaired surrogate escape
 * ({@code "\ud800"}, valid JSON syntax but not text: the stores would keep a '?'). A refusal is a 400 DS100 naming
 * the JSON path. Form bodies' escapes are checked where they are decoded (TreeQL).
 */
@Provider
public class BodyText implements ReaderInterceptor {
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() == java.io.InputStream.class) {
            // A streamed body (an import) is never held whole: its reader decodes strict UTF-8 and checks strings.
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        check(body, context.getMediaType());
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    static void check(byte[] body, MediaType type) {
        try {
            StrictText.requireUtf8(body);
        } catch (StrictText.Malformed e) {
            throw refused("body", "The request body " + e.getMessage(), e.getMessage());
        }
        if (!isForm(type) && startsLikeJson(body) && mayHoldSurrogateEscape(body)) {
            checkJsonStrings(body);
        }
    }

    private static boolean isForm(MediaType type) {
        return type != null && type.isCompatible(MediaType.APPLICATION_FORM_URLENCODED_TYPE);
    }

    private static boolean startsLikeJson(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b == '{' || b == '[' || b == '"';
            }
        }
        return false;
    }

    /** A cheap look for {@code \\uD8..}-{@code \\uDF..} before parsing: most bodies hold none. */
    private static boolean mayHoldSurrogateEscape(byte[] body) {
        for (int i = 0; i + 3 < body.length; i++) {
            if (body[i] == '\\' && body[i + 1] == 'u' && (body[i + 2] == 'd' || body[i + 2] == 'D')
                    && Character.digit(body[i + 3], 16) >= 8) {
                return true;
            }
        }
        return false;
    }

    private static void checkJsonStrings(byte[] body) {
        JsonParser parser = null;
        try {
            parser = JSON.createParser(body);
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                String text = token == JsonToken.FIELD_NAME ? parser.currentName()
                        : token == JsonToken.VALUE_STRING ? parser.getText() : null;
                int at = text == null ? -1 : StrictText.unpairedSurrogate(text);
                if (at >= 0) {
                    throw unpaired(path(parser.getParsingContext(), true), (token == JsonToken.FIELD_NAME
                            ? "the member name" : "the value") + " holds an unpaired UTF-16 surrogate ("
                            + escaped(text.substring(at, at + 1)) + ")");
                }
            }
        } catch (JsonProcessingException e) {
            // Jackson refuses some unpaired surrogates in member names itself; anything else is the reader's to report.
            if (parser != null && e.getOriginalMessage() != null && e.getOriginalMessage().contains("surrogate")) {
                // The context still holds the previous member's name: name the object that holds the bad one.
                throw unpaired(path(parser.getParsingContext(), false),
                        "a member name holds an unpaired UTF-16 surrogate");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e); // reading a byte array
        }
    }

    private static DatablyException unpaired(String path, String what) {
        String message = what + ", which is not Unicode text";
        return refused(path, "Field '" + path + "': " + message, message);
    }

    /** {@code json_schema.fields[1].name}, as the service names body fields elsewhere; "body" at the root. */
    private static String path(JsonStreamContext context, boolean withCurrentMember) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.getCurrentName() != null && (withCurrentMember || c != context)) {
                parts.push(escaped(c.getCurrentName()));
            }
        }
        return parts.isEmpty() ? "body" : String.join(".", parts).replace(".[", "[");
    }

    /** Unpaired surrogates as {@code \\uXXXX} text, so the name can be printed. */
    private static String escaped(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            out.append(Character.isSurrogate(c) && !paired ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }

    static DatablyException refused(String field, String detail, String message) {
        return new DatablyException(ErrorCode.MALFORMED_BODY, detail, List.of(new ProblemItem(field, "encoding",
                message)));
    }
}
