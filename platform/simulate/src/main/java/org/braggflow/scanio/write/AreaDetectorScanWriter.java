package org.braggflow.scanio.write;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.braggflow.api.files.AtomicFiles;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.scanio.ScanManifest;
import org.braggflow.scanio.TiffImages;

/**
 * Format B2 (docs/formats.md): the detector's own files, one HDF5 file per angle with its frames as
 * uint16 in acquisition order ({@code /entry/instrument/detector/data [points, rows, cols]}), one
 * frame per chunk, compressed, and {@code scan.json} written last. jHDF writes no compressed
 * datasets, so each angle's file is written by h5py (Debian's python3-h5py; LZ4 through
 * python3-hdf5plugin) in a child process that reads the frames from a pipe: nothing of the scan is
 * held in memory, and compression runs beside the simulation. Counts are rounded and clipped to
 * 0..65535, as a counting detector stores them. The files carry no monitor (the format has none).
 */
public final class AreaDetectorScanWriter implements ScanWriter {

    /** How each angle's frames are compressed, as the detector software offers it. */
    public enum Compression {
        /** HDF5's deflate (zlib level 1) after byte shuffle: readable by every HDF5 install. */
        DEFLATE,
        /** LZ4 (HDF5 filter 32004). */
        LZ4,
        NONE;

        public String cliName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String SCRIPT = "write_areadetector.py";

    private final Path folder;
    private final ScanTarget t;
    private final Compression compression;
    private final String python;
    private final List<String> files = new ArrayList<>();
    private Path script;
    private Process writer;
    private OutputStream frames;
    private Path part;
    private Path output;
    private final byte[] buffer;

    public AreaDetectorScanWriter(Path folder, ScanTarget target, Compression compression) throws IOException {
        this(folder, target, compression, "/usr/bin/python3");
    }

    AreaDetectorScanWriter(Path folder, ScanTarget target, Compression compression, String python) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.t = target;
        this.compression = compression;
        this.python = python;
        this.buffer = new byte[2 * t.detRows() * t.detCols()];
    }

    /** The file of one angle, named as the detector names them: detector, scan id, file number. */
    public static String fileName(String detector, long scanId) {
        return detector + "_" + scanId + "_000000.h5";
    }

    @Override
    public void frame(int angle, int row, int col, float[] frame) throws IOException {
        if (writer == null) start(angle);
        for (int p = 0; p < frame.length; p++) {
            int v = (int) Math.min(65535, Math.max(0, Math.rint(frame[p])));
            buffer[2 * p] = (byte) v;
            buffer[2 * p + 1] = (byte) (v >>> 8);
        }
        try {
            frames.write(buffer);
        } catch (IOException e) {
            throw failure("stopped taking frames", e);
        }
    }

    private void start(int angle) throws IOException {
        if (script == null) {
            script = Files.createTempFile("braggflow-write-areadetector", ".py");
            try (InputStream in = AreaDetectorScanWriter.class.getResourceAsStream(SCRIPT)) {
                if (in == null) throw new IOException("the simulator's jar lacks " + SCRIPT);
                Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String name = fileName(t.detector(), t.scanId(angle));
        files.add(name);
        part = folder.resolve("." + name + ".part");
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), part.toString(), Integer.toString(t.scanRows() * t.scanCols()),
                Integer.toString(t.detRows()), Integer.toString(t.detCols()), compression.cliName());
        // its messages go to a file, not a pipe nobody reads while it runs (a full pipe would stall it)
        output = Files.createTempFile("braggflow-write-areadetector", ".log");
        pb.redirectErrorStream(true).redirectOutput(output.toFile());
        try {
            writer = pb.start();
        } catch (IOException e) {
            throw new IOException("writing " + folder.resolve(name) + " needs " + python
                    + " with h5py (Debian's python3-h5py, installed by scripts/install-h5py.sh): " + e.getMessage(), e);
        }
        frames = new BufferedOutputStream(writer.getOutputStream(), 1 << 20);
    }

    @Override
    public void endAngle(int angle, float[] monitor, float[] xrf) throws IOException {
        if (writer == null) start(angle);  // an angle with no frame cannot happen, but the file must exist
        try {
            frames.close();
        } catch (IOException e) {
            throw failure("stopped taking frames", e);
        }
        int code;
        try {
            if (!writer.waitFor(10, TimeUnit.MINUTES)) {
                writer.destroyForcibly();
                throw new IOException("h5py did not finish " + part + " within 10 minutes");
            }
            code = writer.exitValue();
        } catch (InterruptedException e) {
            writer.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while h5py wrote " + part, e);
        }
        if (code != 0) throw failure("exited with code " + code, null);
        Files.deleteIfExists(output);
        Path file = folder.resolve(files.get(files.size() - 1));
        AtomicFiles.moveOver(part, file);
        if (xrf != null) TiffImages.writeFloat32(folder.resolve(ScanLayout.xrfFile(t.scanId(angle))), xrf, t.scanRows(), t.scanCols());
        writer = null;
        frames = null;
    }

    private IOException failure(String what, IOException cause) {
        String message = "";
        try {
            writer.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            message = Files.readString(output, StandardCharsets.UTF_8).strip();
        } catch (IOException | InterruptedException ignored) {
            // the message below names the file either way
        }
        if (message.contains("No module named")) {
            message += " (install Debian's python3-h5py" + (compression == Compression.LZ4 ? " and python3-hdf5plugin" : "")
                    + ": scripts/install-h5py.sh)";
        }
        return new IOException("h5py writing " + part + " " + what + (message.isEmpty() ? "" : ": " + message), cause);
    }

    @Override
    public void close() throws IOException {
        try {
            if (writer != null) writer.destroyForcibly();
            if (part != null) Files.deleteIfExists(part);
            if (files.size() == t.nAngles() && writer == null) {
                List<ScanManifest.Angle> angles = new ArrayList<>();
                for (int i = 0; i < t.nAngles(); i++) angles.add(new ScanManifest.Angle(t.scanId(i), t.anglesDeg()[i]));
                new ScanManifest(ScanLayout.FORMAT_HXN_AD, t.detector(), angles, t.geometry(), new int[] {t.scanRows(), t.scanCols()},
                        files, null).write(folder);
            }
        } finally {
            if (script != null) Files.deleteIfExists(script);
            if (output != null) Files.deleteIfExists(output);
        }
    }
}
