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
     * Decodes a URL component: {@code %XX} escapes (and {@code +} as a space when {@code plusIsSpace}, as in query
     * strings), then the bytes as UTF-8.
     *
     * @throws Malformed for a {@code %} without two hex digits, a raw non-ASCII character (a URL carries them
     *                   percent-encoded; Netty reads raw bytes as Latin-1, so they would arrive altered), or bytes
     *                   that are not UTF-8
     */
    public static String percentDecoded(String raw, boolean plusIsSpace) {
        return decode(raw, plusIsSpace, false);
    }

    /**
     * Decodes a form-urlencoded name or value as PHP does ({@code +} is a space, a stray {@code %} stays as
     * written, raw characters are kept), except that escaped bytes must be UTF-8.
     */
    public static String formDecoded(String raw) {
        return decode(raw, true, true);
    }

    private static String decode(String raw, boolean plusIsSpace, boolean form) {
        if (raw.indexOf('%') < 0 && !(plusIsSpace && raw.indexOf('+') >= 0) && (form || isAscii(raw))) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean escape = c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
                    && Character.digit(raw.charAt(i + 2), 16) >= 0;
            if (escape) {
                bytes.write(HexFormat.fromHexDigits(raw, i + 1, i + 3));
                i += 2;
            } else if (c == '%' && !form) {
                throw new Malformed("bad percent-encoding: '%' must be followed by two hexadecimal digits");
            } else if (c > 0x7F && !form) {
                throw new Malformed("holds a raw non-ASCII character; percent-encode its UTF-8 bytes");
            } else if (c > 0x7F) {
                int end = Character.isHighSurrogate(c) && i + 1 < raw.length() ? i + 2 : i + 1;
                bytes.writeBytes(raw.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
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
            // The decoder marks C0 alone in C0 AE; showing the continuation bytes too names the sequence sent.
            int length = Math.max(result.length(), 1);
            while (at + length < bytes.length && length < 4 && (bytes[at + length] & 0xC0) == 0x80) {
                length++;
            }
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
