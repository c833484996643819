package org.braggflow.api.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that readers see the old content or the new, never half of either: the bytes go to
 * a hidden temporary file beside the target, which is then renamed over it. A failed write leaves the
 * old file as it was and no temporary file behind.
 */
public final class AtomicFiles {

    /** Writes the content of a file to the stream it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path file, byte[] bytes) throws IOException {
        write(file, out -> out.write(bytes));
    }

    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void write(Path file, Content content) throws IOException {
        // not Files.createTempFile: it makes the file readable by its owner only, and results are shared
        Path tmp = file.resolveSibling("." + file.getFileName() + "." + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            moveOver(tmp, file);
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Writes through a SHA-256 digest and returns its hex: the digest recorded beside a data file is
     * then of exactly the bytes written.
     */
    public static String writeHashed(Path file, Content content) throws IOException {
        java.security.MessageDigest sha = Sha256.digest();
        write(file, out -> {
            try (OutputStream hashed = new java.security.DigestOutputStream(new NonClosing(out), sha)) {
                content.writeTo(hashed);
            }
        });
        return Sha256.hex(sha);
    }

    /** Copies a file so that {@code to} appears complete or not at all (a watched folder never sees half a jar). */
    public static void copy(Path from, Path to) throws IOException {
        write(to, out -> Files.copy(from, out));
    }

    /** Renames {@code from} over {@code to}; where the file system cannot do that atomically, replaces it. */
    public static void moveOver(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Lets the digest stream be closed without closing the temporary file's stream under it. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
