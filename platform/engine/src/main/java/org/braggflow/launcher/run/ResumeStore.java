package org.braggflow.launcher.run;

import org.braggflow.api.files.Sha256;
import org.braggflow.api.files.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.launcher.home.Folders;

/**
 * What a run has finished, kept so a run interrupted by a crash resumes where it stopped: the scan's
 * positions are cut into chunks of {@link #CHUNK} (row-major), and when every position of a chunk has
 * been through the cloud and denoiser stages, that chunk's clouds are written to
 * {@code <results>/.resume/chunk-<n>.bin} (temporary file, then an atomic rename: a chunk file is
 * whole or absent). A later run of the same workflow version on the same unchanged scan loads the
 * finished chunks and sends only the other positions through those stages; the maps, which are cheap,
 * are recomputed from the volumes as the scan streams past. The folder is removed when the run ends.
 *
 * <p>{@code key.txt} names what the chunks belong to: the workflow's SHA-256, the scan's path and the
 * size and modification time of each of its files; chunks of any other key are discarded. The chunk
 * files are plain data (counts and float32 values), never serialised objects.
 */
final class ResumeStore {

    /** Positions per chunk: a few seconds of denoising on 2 cores, so little work is lost to a crash. */
    static final int CHUNK = 32;
    static final String FOLDER = ".resume";
    private static final int MAGIC = 0x42465243; // "BFRC"

    private final Path folder;
    private final String key;

    private ResumeStore(Path folder, String key) {
        this.folder = folder;
        this.key = key;
    }

    /**
     * Opens the store of a run's output folder: finished chunks with the same key are kept, anything
     * else in the folder is removed.
     */
    static ResumeStore open(Path outputFolder, String workflowSha256, Path scan) throws IOException {
        Path folder = outputFolder.resolve(FOLDER);
        String key = key(workflowSha256, scan);
        Path keyFile = folder.resolve("key.txt");
        boolean same = Files.isRegularFile(keyFile) && Files.readString(keyFile, StandardCharsets.UTF_8).equals(key);
        if (!same) {
            Folders.deleteTreeOrFail(folder);
            Files.createDirectories(folder);
            AtomicFiles.writeString(keyFile, key);
        }
        return new ResumeStore(folder, key);
    }

    static int chunkOf(int row, int col, int scanCols) {
        return (row * scanCols + col) / CHUNK;
    }

    /** The finished chunks: chunk number to its clouds. A damaged chunk file is dropped (its positions are simply redone). */
    Map<Integer, List<PointCloud>> finished() throws IOException {
        Map<Integer, List<PointCloud>> out = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "chunk-*.bin")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                int chunk = Integer.parseInt(name.substring("chunk-".length(), name.length() - ".bin".length()));
                try {
                    out.put(chunk, read(f));
                } catch (IOException | RuntimeException e) {
                    Files.deleteIfExists(f);
                }
            }
        }
        return out;
    }

    /** Records a finished chunk. */
    void write(int chunk, List<PointCloud> clouds) throws IOException {
        AtomicFiles.write(folder.resolve(String.format("chunk-%06d.bin", chunk)), stream -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream));
            out.writeInt(MAGIC);
            out.writeInt(clouds.size());
            for (PointCloud c : clouds) {
                out.writeInt(c.row());
                out.writeInt(c.col());
                out.writeInt(c.size());
                out.writeBoolean(c.hasIntensity());
                for (float v : c.xyz()) out.writeFloat(v);
                if (c.hasIntensity()) for (float v : c.intensity()) out.writeFloat(v);
            }
            out.writeInt(MAGIC);
            out.flush();
        });
    }

    /** Removes the store: the run has ended and its outputs are written. */
    void discard() throws IOException {
        Folders.deleteTreeOrFail(folder);
    }

    private static List<PointCloud> read(Path f) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f)))) {
            if (in.readInt() != MAGIC) throw new IOException(f + ": not a chunk file");
            int n = in.readInt();
            List<PointCloud> clouds = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int row = in.readInt(), col = in.readInt(), points = in.readInt();
                boolean intensity = in.readBoolean();
                float[] xyz = new float[3 * points];
                for (int j = 0; j < xyz.length; j++) xyz[j] = in.readFloat();
                float[] w = null;
                if (intensity) {
                    w = new float[points];
                    for (int j = 0; j < points; j++) w[j] = in.readFloat();
                }
                clouds.add(new PointCloud(row, col, xyz, w));
            }
            if (in.readInt() != MAGIC) throw new IOException(f + ": truncated chunk file");
            return clouds;
        }
    }

    private static String key(String workflowSha256, Path scan) throws IOException {
        StringBuilder sb = new StringBuilder("workflow ").append(workflowSha256).append('\n');
        sb.append("scan ").append(scan.toAbsolutePath().normalize()).append('\n');
        sb.append("chunk ").append(CHUNK).append('\n');
        List<Path> files = new ArrayList<>();
        if (Files.isDirectory(scan)) {
            try (Stream<Path> s = Files.walk(scan)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        } else {
            files.add(scan);
        }
        for (Path f : files) {
            sb.append(f.equals(scan) ? f.getFileName() : scan.relativize(f)).append(' ')
                    .append(Files.size(f)).append(' ').append(Files.getLastModifiedTime(f).toMillis()).append('\n');
        }
        return Sha256.of(sb.toString()) + "\n" + sb;
    }
}
