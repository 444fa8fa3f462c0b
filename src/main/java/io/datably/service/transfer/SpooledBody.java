package io.datably.service.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A request body copied to a temporary file before an import reads it. An all-or-nothing import holds one PostgreSQL
 * connection and transaction from its first batch to its last: read from the network, a slow uploader would hold them
 * for as long as the upload takes (a pool of 20 is 20 slow clients). Read from the file, they are held only while the
 * service works. A job's body is stored first too: the job is answered (202) once the upload is in, and its size
 * gives the job's percent. The file is as large as the body (bounded by {@code datably.import.max-body-size}) and is
 * deleted when the stream is closed. The bytes read so far are counted ({@link #position()}).
 */
public final class SpooledBody extends FilterInputStream {
    private final Path file;
    private final long size;
    private volatile long position;

    private SpooledBody(InputStream in, Path file, long size) {
        super(in);
        this.file = file;
        this.size = size;
    }

    /** Reads {@code body} to its end into a temporary file (on the caller's thread: a worker), and opens that file. */
    static SpooledBody of(InputStream body) {
        Path file = null;
        try {
            file = Files.createTempFile("datably-import-", ".body");
            try (body) {
                Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return open(file);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Takes over a file already written (a multipart upload): moved to a temporary file of its own, so that the
     * HTTP layer's clean-up at the request's end does not remove it under a job still reading it.
     */
    public static SpooledBody adopt(Path upload) {
        Path file = null;
        try {
            file = Files.createTempFile("datably-import-", ".body");
            Files.move(upload, file, StandardCopyOption.REPLACE_EXISTING);
            return open(file);
        } catch (IOException e) {
            deleteQuietly(file);
            deleteQuietly(upload);
            throw new UncheckedIOException(e);
        }
    }

    private static SpooledBody open(Path file) throws IOException {
        return new SpooledBody(Files.newInputStream(file), file, Files.size(file));
    }

    /** The body's size in bytes. */
    public long size() {
        return size;
    }

    /** Bytes read so far. */
    long position() {
        return position;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        position += skipped;
        return skipped;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A temporary file left behind is the OS's to clean; the import's answer does not depend on it.
        }
    }
}
