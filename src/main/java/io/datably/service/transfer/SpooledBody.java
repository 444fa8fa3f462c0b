package io.datably.service.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A request body copied to a temporary file before an all-or-nothing import reads it. That import holds one PostgreSQL
 * connection and transaction from its first batch to its last: read from the network, a slow uploader would hold them
 * for as long as the upload takes (a pool of 20 is 20 slow clients). Read from the file, they are held only while the
 * service works. The file is as large as the body (bounded by the request limit) and is deleted when the stream is
 * closed.
 */
final class SpooledBody extends FilterInputStream {
    private final Path file;

    private SpooledBody(InputStream in, Path file) {
        super(in);
        this.file = file;
    }

    /** Reads {@code body} to its end into a temporary file (on the caller's thread: a worker), and opens that file. */
    static InputStream of(InputStream body) {
        Path file = null;
        try {
            file = Files.createTempFile("datably-import-", ".body");
            try (body) {
                Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return new SpooledBody(Files.newInputStream(file), file);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException(e);
        }
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
