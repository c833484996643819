package org.braggflow.api.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 digests as lower-case hex, the form run records, model records and checksums files use. */
public final class Sha256 {

    private Sha256() {
    }

    /** A fresh digest, for hashing several parts in order. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String hex(MessageDigest finished) {
        return HexFormat.of().formatHex(finished.digest());
    }

    public static String of(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The digest of point clouds in order: each cloud's row and column (big-endian int32), then its
     * coordinates (big-endian float32). Records which clouds trained a model.
     */
    public static String ofClouds(java.util.List<org.braggflow.api.cloud.PointCloud> clouds) {
        MessageDigest sha = digest();
        java.nio.ByteBuffer position = java.nio.ByteBuffer.allocate(8);
        for (org.braggflow.api.cloud.PointCloud c : clouds) {
            sha.update(position.clear().putInt(c.row()).putInt(c.col()).array());
            java.nio.ByteBuffer points = java.nio.ByteBuffer.allocate(4 * c.xyz().length);
            points.asFloatBuffer().put(c.xyz());
            sha.update(points.array());
        }
        return hex(sha);
    }

    /** The digest of a file, streamed: inputs of any size. */
    public static String of(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest())) {
            in.transferTo(OutputStream.nullOutputStream());
            return hex(((DigestInputStream) in).getMessageDigest());
        }
    }
}
