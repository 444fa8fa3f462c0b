package io.datably.service.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Text of one charset, bytes it cannot decode refused (never replaced), and refused only once the text before them has
 * been read: {@link java.io.InputStreamReader} drops the characters it decoded in the same buffer as the bad bytes and
 * fails at once, so a parser would stop at the start of its buffer (thousands of rows early); here it stops in the row
 * that holds them, which the import's error then names.
 */
final class StrictReader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(8192).flip();
    private CharacterCodingException pending;
    private boolean eof;
    private boolean flushed;

    StrictReader(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        CharBuffer out = CharBuffer.wrap(buffer, offset, length);
        while (true) {
            if (pending != null) {
                if (out.position() > offset) {
                    return out.position() - offset; // the good text first; the failure on the next read
                }
                throw pending;
            }
            CoderResult result = decoder.decode(bytes, out, eof);
            if (result.isOverflow()) {
                return out.position() - offset;
            }
            if (result.isError()) {
                try {
                    result.throwException();
                } catch (CharacterCodingException e) {
                    pending = e;
                }
                continue;
            }
            if (out.position() > offset) {
                return out.position() - offset;
            }
            if (eof) {
                if (!flushed) {
                    flushed = true;
                    decoder.flush(out);
                    if (out.position() > offset) {
                        return out.position() - offset;
                    }
                }
                return -1;
            }
            bytes.compact();
            int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            if (n < 0) {
                eof = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
