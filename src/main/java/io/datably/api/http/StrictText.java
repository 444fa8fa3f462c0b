package io.datably.api.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Percent-decoding and UTF-8 decoding that refuse what they cannot read exactly, where the JDK's and Netty's
 * decoders would replace it ({@code U+FFFD}, {@code ?}) or, like Jackson, read an overlong {@code C0 AE} as
 * {@code .}: a request must mean one thing, and stored text must be the text that was sent.
 */
public final class StrictText {
    private StrictText() {
    }

    /** Why a text was refused, in words for the client. */
    public static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Decodes {@code %XX} escapes (and {@code +} as a space when {@code plusIsSpace}, as in query strings and forms),
     * then the bytes as UTF-8.
     *
     * @throws Malformed for a {@code %} without two hex digits, a raw non-ASCII character (a URL carries them
     *                   percent-encoded; servers disagree on the raw bytes' charset), or bytes that are not UTF-8
     */
    public static String percentDecoded(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0) && isAscii(raw)) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw new Malformed("bad percent-encoding: '%' must be followed by two hexadecimal digits");
                }
                bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 2;
            } else if (c > 0x7F) {
                throw new Malformed("holds a raw non-ASCII character; percent-encode its UTF-8 bytes");
            } else {
                bytes.write(plusIsSpace && c == '+' ? ' ' : c);
            }
        }
        return utf8(bytes.toByteArray());
    }

    /**
     * The bytes as UTF-8 text. Overlong forms, encoded surrogates, and bytes beyond U+10FFFF are refused (the
     * JDK's decoder reports them as malformed).
     *
     * @throws Malformed naming the offset and the bytes that are not UTF-8
     */
    public static String utf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        var result = decoder.decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int length = Math.min(Math.max(result.length(), 1), bytes.length - at);
            throw new Malformed("is not valid UTF-8: byte" + (length > 1 ? "s " : " ")
                    + HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes, at, at + length)
                    + " at byte offset " + at);
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    /** Refuses bytes that are not UTF-8, as {@link #utf8} does; ASCII (most bodies) is passed without decoding. */
    public static void requireUtf8(byte[] bytes) {
        if (!isAscii(bytes)) {
            utf8(bytes);
        }
    }

    /**
     * The index of the first UTF-16 surrogate that is not half of a pair, or -1. Such a string is not Unicode text
     * (JSON lets {@code "\ud800"} through as an escape); PostgreSQL would store a {@code ?} for it.
     */
    public static int unpairedSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7F) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
