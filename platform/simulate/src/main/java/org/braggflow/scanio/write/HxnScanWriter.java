package org.braggflow.scanio.write;

import org.braggflow.api.files.AtomicFiles;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.braggflow.scanio.ScanLayout;
import org.braggflow.scanio.ScanManifest;
import org.braggflow.scanio.TiffImages;

/**
 * Format B (HXN export): a folder with one HDF5 file per angle ({@code /diff_data/<det>/raw_data},
 * float32, and {@code Io} when a monitor is given), optional XRF TIFFs, and {@code scan.json} written
 * last. Holds one angle in memory at a time.
 */
public final class HxnScanWriter implements ScanWriter {

    private final Path folder;
    private final ScanTarget t;
    private float[][][][] angleFrames;
    /** Seconds to wait before each angle's file when writing as a beamline acquires; negative: write at once, manifest last. */
    private final double liveDelaySeconds;

    public HxnScanWriter(Path folder, ScanTarget target) throws IOException {
        this(folder, target, -1);
    }

    private HxnScanWriter(Path folder, ScanTarget target, double liveDelaySeconds) throws IOException {
        this.folder = Files.createDirectories(folder);
        this.t = target;
        this.liveDelaySeconds = liveDelaySeconds;
    }

    /**
     * A writer that writes as the beamline acquires: scan.json (with the planned angles) first, then, after
     * {@code delaySeconds}, each angle's file under its own name, then its {@code <file>.done} marker.
     */
    public static HxnScanWriter live(Path folder, ScanTarget target, double delaySeconds) throws IOException {
        HxnScanWriter w = new HxnScanWriter(folder, target, delaySeconds);
        w.manifest().write(w.folder);
        return w;
    }

    private ScanManifest manifest() {
        List<ScanManifest.Angle> angles = new ArrayList<>();
        for (int i = 0; i < t.nAngles(); i++) angles.add(new ScanManifest.Angle(t.scanId(i), t.anglesDeg()[i]));
        return new ScanManifest(ScanLayout.FORMAT_HXN, t.detector(), angles, t.geometry(), new int[] {t.scanRows(), t.scanCols()});
    }

    @Override
    public void frame(int angle, int row, int col, float[] frame) {
        if (angleFrames == null) angleFrames = new float[t.scanRows()][t.scanCols()][][];
        float[][] f = new float[t.detRows()][t.detCols()];
        for (int r = 0; r < t.detRows(); r++) System.arraycopy(frame, r * t.detCols(), f[r], 0, t.detCols());
        angleFrames[row][col] = f;
    }

    @Override
    public void endAngle(int angle, float[] monitor, float[] xrf) throws IOException {
        long sid = t.scanId(angle);
        Path file = folder.resolve(ScanLayout.hxnFile(sid, t.detector()));
        boolean live = liveDelaySeconds >= 0;
        if (live) {
            try {
                Thread.sleep((long) (liveDelaySeconds * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to write angle " + angle, e);
            }
        }
        // live: written in place, as a detector writes, and then marked done; otherwise written aside and moved in whole
        Path tmp = live ? file : folder.resolve("." + file.getFileName() + ".part");
        try (WritableHdfFile h5 = HdfFile.write(tmp)) {
            WritableGroup det = h5.putGroup("diff_data").putGroup(t.detector());
            det.putDataset("raw_data", angleFrames);
            if (monitor != null) {
                float[][] io = new float[t.scanRows()][t.scanCols()];
                for (int r = 0; r < t.scanRows(); r++) System.arraycopy(monitor, r * t.scanCols(), io[r], 0, t.scanCols());
                det.putDataset("Io", io);
            }
        }
        if (xrf != null) TiffImages.writeFloat32(folder.resolve(ScanLayout.xrfFile(sid)), xrf, t.scanRows(), t.scanCols());
        if (live) Files.writeString(file.resolveSibling(file.getFileName() + ".done"), "");
        else AtomicFiles.moveOver(tmp, file);
        angleFrames = null;
    }

    @Override
    public void close() throws IOException {
        if (liveDelaySeconds < 0) manifest().write(folder);
    }
}
