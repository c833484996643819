package org.braggflow.api.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model's data file: float32 tensors, little-endian, row-major, one after the other, with nothing
 * else in the file; the tensor list (names and shapes) and the file's SHA-256 are recorded in the
 * model's own JSON. Reading checks that the size is exactly the listed shapes (a truncated file says so), then the
 * digest, before a value is used, and says which file is wrong and how.
 */
public final class TensorFile {

    private TensorFile() {
    }

    /** Writes the tensors in order, atomically; returns the file's SHA-256 (hex) to record. */
    public static String write(Path file, List<float[]> tensors) throws IOException {
        return AtomicFiles.writeHashed(file, out -> {
            for (float[] t : tensors) {
                ByteBuffer buf = ByteBuffer.allocate(4 * t.length).order(ByteOrder.LITTLE_ENDIAN);
                buf.asFloatBuffer().put(t);
                out.write(buf.array());
            }
        });
    }

    /**
     * Reads the tensors of the given shapes.
     *
     * @param recordedSha256 the digest the model's JSON records for this file
     * @param recordedIn     that JSON file, named in the message when the digest differs
     */
    public static List<float[]> read(Path file, List<int[]> shapes, String recordedSha256, Path recordedIn) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException(file + " is missing (listed in " + recordedIn + ")");
        byte[] bytes = Files.readAllBytes(file);
        long values = 0;
        for (int[] s : shapes) values += length(s);
        if (bytes.length != 4 * values) {
            throw new IOException(file + " has " + bytes.length + " bytes, the tensors listed in " + recordedIn.getFileName() + " need "
                    + 4 * values + (bytes.length < 4 * values ? " (truncated?)" : ""));
        }
        String actual = Sha256.of(bytes);
        if (!actual.equals(recordedSha256)) {
            throw new IOException(file + " has SHA-256 " + actual + " but " + recordedIn.getFileName() + " records " + recordedSha256);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        List<float[]> out = new ArrayList<>(shapes.size());
        for (int[] s : shapes) {
            float[] t = new float[Math.toIntExact(length(s))];
            buf.asFloatBuffer().get(t);
            buf.position(buf.position() + 4 * t.length);
            out.add(t);
        }
        return out;
    }

    /** Values in a tensor of this shape; a negative dimension is an error in the listing. */
    public static long length(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            n *= d;
        }
        return n;
    }
}
