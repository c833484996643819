package org.braggflow.read.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.scan.LiveScan;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.scanio.ScanFormatException;

/**
 * A per-angle folder read angle by angle while it is acquired, with the offline read's corrections
 * ({@link AlignedScan}): frames divided by the monitor, hot pixels repaired (the map is found on the
 * first angle, as beamline hot pixels are there from the first frame), each angle's drift registered
 * against the first angle's map (offline registration is against the first angle too, so the shifts
 * agree), and the particle mask recomputed from the aligned totals of the angles read so far. Each
 * angle's file is read twice (frame sums for drift and mask, then the aligned frames), one scan row at
 * a time; between angles only the reference map and the running totals are kept.
 */
public final class LiveAlignedScan implements LiveScan {

    private final AngleFiles files;
    private final ReaderParameters p;
    private ScanMetadata meta;
    private HotPixelMap hot;
    private float[] reference;
    private String driftSource;
    private final List<double[]> shifts = new ArrayList<>();
    private double[] totals;
    private boolean[] mask;
    private double maskThreshold = Double.NaN;
    private int next;

    private LiveAlignedScan(AngleFiles files, ReaderParameters p) {
        this.files = files;
        this.p = p;
    }

    public static LiveAlignedScan open(AngleFiles files, ReaderParameters p) {
        return new LiveAlignedScan(files, p);
    }

    /** The angle's files and, when the drift is registered on fluorescence maps (the first angle had one), its map too. */
    @Override
    public synchronized List<Path> angleFiles(int angle) {
        List<Path> out = new ArrayList<>(files.files(angle));
        if (angle > 0 && "xrf".equals(driftSource) && files.xrfFile(angle) != null) out.add(files.xrfFile(angle));
        return out;
    }

    @Override
    public int plannedAngles() {
        return files.plannedAngles();
    }

    @Override
    public synchronized ScanMetadata metadata() throws IOException {
        if (meta == null) {
            try (FrameSource s = files.openAngle(0)) {
                meta = s.metadata();
            }
        }
        return meta;
    }

    @Override
    public synchronized void readAngle(int angle, FrameVisitor visitor) throws IOException {
        if (angle != next) throw new IllegalStateException("angle " + angle + " asked for, the next angle to read is " + next);
        try (FrameSource s = files.openAngle(angle)) {
            ScanMetadata m = s.metadata();
            Path file = files.files(angle).get(0);
            if (meta == null) meta = m;
            if (m.scanRows() != meta.scanRows() || m.scanCols() != meta.scanCols() || m.detRows() != meta.detRows() || m.detCols() != meta.detCols()) {
                throw new ScanFormatException(file, "holds " + m.scanRows() + " x " + m.scanCols() + " positions of " + m.detRows() + " x "
                        + m.detCols() + " pixels, the first angle's file holds " + meta.scanRows() + " x " + meta.scanCols() + " of "
                        + meta.detRows() + " x " + meta.detCols());
            }
            int rows = m.scanRows(), cols = m.scanCols(), pixels = m.detRows() * m.detCols();
            float[][] monitors = new float[angle + 1][];
            if (p.normaliseMonitor()) monitors[angle] = s.monitor(angle);
            float[][] frames = new float[cols][pixels];
            if (hot == null) hot = hotPixels(s, angle, monitors, frames);
            // pass 1: corrected frame sums, for drift and mask
            float[] sums = new float[rows * cols];
            for (int r = 0; r < rows; r++) {
                read(s, angle, monitors, r, 0, cols, frames);
                for (int c = 0; c < cols; c++) {
                    double t = 0;
                    for (float v : frames[c]) t += v;
                    sums[r * cols + c] = (float) t;
                }
            }
            double[] shift = shift(s, angle, sums);
            shifts.add(shift);
            if (totals == null) totals = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) totals[r * cols + c] += AlignedScan.bilinear(sums, rows, cols, r - shift[0], c - shift[1]);
            }
            maskThreshold = p.maskThreshold() > 0 ? p.maskThreshold() : ParticleMask.automaticThreshold(totals, p.maskClasses());
            mask = ParticleMask.mask(totals, maskThreshold);
            // pass 2: each position's frame at its drift-corrected grid position
            boolean nearest = p.resampling() == ReaderParameters.Resampling.NEAREST;
            float[][] out = new float[cols][pixels];
            for (int r = 0; r < rows; r++) {
                ShiftedFrames.rowSegment(rows, cols, pixels, shift, nearest, r, 0, cols, (row, first, count) -> {
                    float[][] f = new float[count][pixels];
                    read(s, angle, monitors, row, first, count, f);
                    return f;
                }, out, 0);
                for (int c = 0; c < cols; c++) visitor.frame(r, c, out[c]);
            }
            next++;
        }
    }

    /** Hot pixels from the first angle read: summed counts of every 5th frame, as the offline survey samples them. */
    private HotPixelMap hotPixels(FrameSource s, int angle, float[][] monitors, float[][] frames) throws IOException {
        if (!p.removeHotPixels()) return HotPixelMap.none(meta.detRows(), meta.detCols());
        int rows = meta.scanRows(), cols = meta.scanCols(), pixels = meta.detRows() * meta.detCols();
        double[] pixelSums = new double[pixels];
        int sampled = 0;
        for (int r = 0; r < rows; r++) {
            s.readFrames(angle, r, 0, cols, frames);
            for (int c = 0; c < cols; c++) {
                if ((r * cols + c + angle) % 5 != 0) continue;
                float[] f = frames[c];
                for (int i = 0; i < pixels; i++) pixelSums[i] += f[i];
                sampled++;
            }
        }
        return sampled == 0 ? HotPixelMap.none(meta.detRows(), meta.detCols())
                : HotPixelMap.detect(pixelSums, meta.detRows(), meta.detCols(), sampled, p.hotPixelRatio());
    }

    /** This angle's drift against the first angle's map (XRF when asked for or, with auto, present; else summed intensity). */
    private double[] shift(FrameSource s, int angle, float[] sums) throws IOException {
        ReaderParameters.Alignment mode = p.alignment();
        if (angle == 0) {
            float[] xrf = mode == ReaderParameters.Alignment.NONE || mode == ReaderParameters.Alignment.INTENSITY ? null : s.xrf(angle);
            if (mode == ReaderParameters.Alignment.XRF && xrf == null) {
                throw new ScanFormatException(files.files(angle).get(0), "alignment 'xrf' asked for, but angle 0 has no XRF map");
            }
            // the first angle decides the source; later angles register the same kind of map against it
            reference = xrf != null ? xrf : sums;
            driftSource = mode == ReaderParameters.Alignment.NONE ? "none" : xrf != null ? "xrf" : "intensity";
            return new double[] {0, 0};
        }
        if (driftSource.equals("none")) return new double[] {0, 0};
        float[] map = sums;
        if (driftSource.equals("xrf")) {
            map = s.xrf(angle);
            if (map == null) throw new ScanFormatException(files.files(angle).get(0), "angle " + angle + " has no XRF map; the first angle had one");
        }
        return DriftEstimator.estimate(new float[][] {reference, map}, meta.scanRows(), meta.scanCols())[1];
    }

    private void read(FrameSource s, int angle, float[][] monitors, int row, int first, int count, float[][] out) throws IOException {
        s.readFrames(angle, row, first, count, out);
        for (int k = 0; k < count; k++) {
            hot.repair(out[k]);
            double m = AlignedScan.monitorAt(monitors, angle, row * meta.scanCols() + first + k);
            if (m != 1) {
                float inv = (float) (1 / m);
                for (int i = 0; i < out[k].length; i++) out[k][i] *= inv;
            }
        }
    }

    @Override
    public synchronized boolean inMask(int row, int col) {
        return mask != null && mask[row * meta.scanCols() + col];
    }

    @Override
    public synchronized Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("drift_source", driftSource == null ? "none" : driftSource);
        d.put("drift_shifts_positions", shifts.stream().map(sh -> List.of(sh[0], sh[1])).toList());
        d.put("mask_threshold", maskThreshold);
        int n = 0;
        if (mask != null) for (boolean b : mask) if (b) n++;
        d.put("mask_positions", n);
        d.put("hot_pixels", hot == null ? List.of() : hot.pixels().stream().map(h -> List.of(h[0], h[1])).toList());
        d.put("angles_read", next);
        return d;
    }

    /** The shifts found so far, one (d_row, d_col) per angle read. */
    public synchronized double[][] shifts() {
        return shifts.stream().map(double[]::clone).toArray(double[][]::new);
    }

    @Override
    public void close() {
        // each angle's files are closed once read; nothing stays open between angles
    }

    @Override
    public String toString() {
        return "live scan of " + Arrays.toString(files.files(0).toArray());
    }
}
