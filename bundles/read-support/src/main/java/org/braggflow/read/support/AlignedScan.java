package org.braggflow.read.support;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.scan.ScanSource;

/**
 * Position volumes assembled from a {@link FrameSource} (docs/method.md, section 1): frames divided
 * by the monitor, hot pixels repaired, and each angle's frame taken at the drift-corrected grid
 * position: the nearest grid position's frame whole (resampling nearest, the default) or a bilinear
 * blend of the four nearest (the drift is sub-position). The mask is always built from bilinear
 * frame sums: it only needs the particle's outline. Opening
 * makes one survey pass over all frames (frame sums for the mask and, without XRF maps, for the drift;
 * pixel sums for hot pixels); after that, volumes are read on demand, a row segment at a time, so the
 * heap holds two scan rows' worth of frames for the positions asked for, never the scan. Both read
 * several angles at once where the source allows it ({@link FrameSource#anglesReadConcurrently}).
 */
public final class AlignedScan implements ScanSource {

    private final FrameSource source;
    private final ScanMetadata meta;
    private final float[][] monitors;     // per angle, or null
    private final HotPixelMap hotPixels;
    private final double[][] shifts;
    private final String driftSource;
    private final boolean[] mask;
    private final double maskThreshold;
    private final boolean nearest;
    /** Threads that read angles at once, for a source that allows it; null: angles are read in turn. */
    private final ExecutorService angleReaders;

    private AlignedScan(FrameSource source, float[][] monitors, HotPixelMap hotPixels, double[][] shifts,
                        String driftSource, boolean[] mask, double maskThreshold, boolean nearest, ExecutorService angleReaders) {
        this.nearest = nearest;
        this.angleReaders = angleReaders;
        this.source = source;
        this.meta = source.metadata();
        this.monitors = monitors;
        this.hotPixels = hotPixels;
        this.shifts = shifts;
        this.driftSource = driftSource;
        this.mask = mask;
        this.maskThreshold = maskThreshold;
    }

    /** Surveys the frames, estimates drift and mask; closes the source if that fails. */
    public static AlignedScan open(FrameSource source, ReaderParameters p) throws IOException {
        ExecutorService angleReaders = angleReaders(source);
        try {
            return survey(source, p, angleReaders);
        } catch (IOException | RuntimeException e) {
            if (angleReaders != null) angleReaders.shutdownNow();
            source.close();
            throw e;
        }
    }

    /**
     * One thread per core, up to one per angle, when the source reads angles concurrently: decompressing
     * the detector's files is most of the time of reading, and one thread would leave the other cores
     * idle through the survey and behind a reading-bound workflow.
     */
    private static ExecutorService angleReaders(FrameSource source) {
        int threads = angleThreads(source);
        if (threads < 2) return null;
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "braggflow-angle-reader");
            t.setDaemon(true);
            return t;
        });
    }

    /** How many angles are read at once: one per core, at most one per angle, 1 for a source that cannot. */
    private static int angleThreads(FrameSource source) {
        return source.anglesReadConcurrently() ? Math.min(source.metadata().nAngles(), Runtime.getRuntime().availableProcessors()) : 1;
    }

    /** Largest scan accepted, far above real scans (28,000 positions, 50,000-pixel frames); beyond it a declared size is an error. */
    static final long MAX_POSITIONS = 50_000_000L;
    static final long MAX_FRAME_PIXELS = 64L * 1024 * 1024;

    private static AlignedScan survey(FrameSource source, ReaderParameters p, ExecutorService angleReaders) throws IOException {
        ScanMetadata m = source.metadata();
        Path first = m.inputFiles().isEmpty() ? Path.of(m.scanId()) : m.inputFiles().get(0);
        if ((long) m.scanRows() * m.scanCols() > MAX_POSITIONS || (long) m.detRows() * m.detCols() > MAX_FRAME_PIXELS) {
            throw new org.braggflow.scanio.ScanFormatException(first, "declares " + m.scanRows() + " x " + m.scanCols() + " positions of "
                    + m.detRows() + " x " + m.detCols() + " pixels, beyond what Braggflow accepts (" + MAX_POSITIONS + " positions, "
                    + MAX_FRAME_PIXELS + " pixels per frame)");
        }
        int angles = m.nAngles(), rows = m.scanRows(), cols = m.scanCols(), pixels = m.detRows() * m.detCols();
        float[][] monitors = new float[angles][];
        boolean anyMonitor = false;
        if (p.normaliseMonitor()) {
            for (int a = 0; a < angles; a++) {
                monitors[a] = source.monitor(a);
                anyMonitor |= monitors[a] != null;
            }
        }
        if (!anyMonitor) monitors = null;
        // survey: frame sums (mask, intensity drift) and pixel sums of every 5th frame (hot pixels)
        float[][] frameSums = new float[angles][];
        double[] pixelSums = new double[pixels];
        int sampled = surveyAngles(source, monitors, frameSums, pixelSums, angleReaders);
        HotPixelMap hot = p.removeHotPixels()
                ? HotPixelMap.detect(pixelSums, m.detRows(), m.detCols(), sampled, p.hotPixelRatio())
                : HotPixelMap.none(m.detRows(), m.detCols());
        // hot pixels inflate every frame sum by the same amount; take it out before mask and drift
        if (!hot.pixels().isEmpty()) {
            double perFrame = 0;
            for (int[] h : hot.pixels()) perFrame += pixelSums[h[0] * m.detCols() + h[1]] / sampled;
            for (int a = 0; a < angles; a++) {
                for (int i = 0; i < rows * cols; i++) frameSums[a][i] -= (float) (perFrame / monitorAt(monitors, a, i));
            }
        }
        String driftSource;
        double[][] shifts;
        ReaderParameters.Alignment mode = p.alignment();
        boolean haveXrf = source.xrf(0) != null;
        if (mode == ReaderParameters.Alignment.NONE || angles < 2) {
            driftSource = "none";
            shifts = new double[angles][2];
        } else if (mode == ReaderParameters.Alignment.XRF || (mode == ReaderParameters.Alignment.AUTO && haveXrf)) {
            if (!haveXrf) throw new org.braggflow.scanio.ScanFormatException(first, "alignment 'xrf' asked for, but the scan has no XRF maps");
            float[][] maps = new float[angles][];
            for (int a = 0; a < angles; a++) maps[a] = source.xrf(a);
            driftSource = "xrf";
            shifts = DriftEstimator.estimate(maps, rows, cols);
        } else {
            driftSource = "intensity";
            shifts = DriftEstimator.estimate(frameSums, rows, cols);
        }
        double[] totals = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double t = 0;
                for (int a = 0; a < angles; a++) t += bilinear(frameSums[a], rows, cols, r - shifts[a][0], c - shifts[a][1]);
                totals[r * cols + c] = t;
            }
        }
        double threshold = p.maskThreshold() > 0 ? p.maskThreshold() : ParticleMask.automaticThreshold(totals, p.maskClasses());
        return new AlignedScan(source, monitors, hot, shifts, driftSource, ParticleMask.mask(totals, threshold), threshold,
                p.resampling() == ReaderParameters.Resampling.NEAREST, angleReaders);
    }

    /**
     * Reads every frame once: each angle's frame sums (monitor-normalised) into {@code frameSums[a]}, and
     * the pixel sums of every 5th frame added into {@code pixelSums}; returns how many frames those are.
     * With a pool, angles are surveyed as many at a time as it has threads, and each batch's pixel sums
     * are added in angle order, so the result does not depend on the thread count.
     */
    private static int surveyAngles(FrameSource source, float[][] monitors, float[][] frameSums, double[] pixelSums, ExecutorService pool)
            throws IOException {
        int angles = frameSums.length;
        int batchSize = pool == null ? 1 : angleThreads(source);
        int sampled = 0;
        for (int first = 0; first < angles; first += batchSize) {
            List<Callable<AngleSurvey>> batch = new ArrayList<>();
            for (int a = first; a < Math.min(angles, first + batchSize); a++) {
                int angle = a;
                batch.add(() -> surveyAngle(source, monitors, angle, pixelSums.length));
            }
            for (AngleSurvey done : runAll(pool, batch)) {
                frameSums[done.angle] = done.frameSums;
                for (int i = 0; i < pixelSums.length; i++) pixelSums[i] += done.pixelSums[i];
                sampled += done.sampled;
            }
        }
        return sampled;
    }

    /**
     * The sum of a frame's pixels, in four running sums: one sum waits for each addition to finish
     * before the next, which made it a sixth of the survey's time. Detector counts are integers, whose
     * sums are exact in any order.
     */
    static double sum(float[] f) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < f.length; i += 4) {
            s0 += f[i];
            s1 += f[i + 1];
            s2 += f[i + 2];
            s3 += f[i + 3];
        }
        for (; i < f.length; i++) s0 += f[i];
        return (s0 + s1) + (s2 + s3);
    }

    /** One angle's part of the survey. */
    private record AngleSurvey(int angle, float[] frameSums, double[] pixelSums, int sampled) {
    }

    private static AngleSurvey surveyAngle(FrameSource source, float[][] monitors, int a, int pixels) throws IOException {
        ScanMetadata m = source.metadata();
        int rows = m.scanRows(), cols = m.scanCols();
        float[] frameSums = new float[rows * cols];
        double[] pixelSums = new double[pixels];
        int sampled = 0;
        float[][] rowFrames = new float[cols][pixels];
        for (int r = 0; r < rows; r++) {
            source.readFrames(a, r, 0, cols, rowFrames);
            for (int c = 0; c < cols; c++) {
                float[] f = rowFrames[c];
                frameSums[r * cols + c] = (float) (sum(f) / monitorAt(monitors, a, r * cols + c));
                if ((r * cols + c + a) % 5 == 0) {
                    for (int i = 0; i < pixels; i++) pixelSums[i] += f[i];
                    sampled++;
                }
            }
        }
        return new AngleSurvey(a, frameSums, pixelSums, sampled);
    }

    /** The tasks' results in order: on the pool when there is one, else here, in turn; the first failure is rethrown as it was. */
    private static <T> List<T> runAll(ExecutorService pool, List<Callable<T>> tasks) throws IOException {
        List<T> out = new ArrayList<>();
        try {
            if (pool == null) {
                for (Callable<T> task : tasks) out.add(task.call());
                return out;
            }
            for (Future<T> f : pool.invokeAll(tasks)) out.add(f.get());
            return out;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof Error err) throw err;
            throw new IOException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the scan's frames");
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    static double monitorAt(float[][] monitors, int angle, int position) {
        if (monitors == null || monitors[angle] == null) return 1;
        float m = monitors[angle][position];
        return m > 0 ? m : 1;
    }

    static double bilinear(float[] map, int rows, int cols, double r, double c) {
        r = Math.max(0, Math.min(rows - 1, r));
        c = Math.max(0, Math.min(cols - 1, c));
        int r0 = (int) Math.min(rows - 2, Math.floor(r)), c0 = (int) Math.min(cols - 2, Math.floor(c));
        r0 = Math.max(0, r0);
        c0 = Math.max(0, c0);
        double fr = rows == 1 ? 0 : r - r0, fc = cols == 1 ? 0 : c - c0;
        int r1 = Math.min(rows - 1, r0 + 1), c1 = Math.min(cols - 1, c0 + 1);
        return (1 - fr) * ((1 - fc) * map[r0 * cols + c0] + fc * map[r0 * cols + c1])
                + fr * ((1 - fc) * map[r1 * cols + c0] + fc * map[r1 * cols + c1]);
    }

    @Override
    public ScanMetadata metadata() {
        return meta;
    }

    @Override
    public boolean inMask(int row, int col) {
        return mask[row * meta.scanCols() + col];
    }

    public double[][] shifts() {
        double[][] copy = new double[shifts.length][];
        for (int i = 0; i < shifts.length; i++) copy[i] = shifts[i].clone();
        return copy;
    }

    /**
     * With nearest resampling, position (r, c) takes its frame at an angle from grid position
     * rint(r - shift), which saw the sample point rint(r - shift) + shift: rint(-shift) + shift from (r, c)
     * (for every position whose grid position is not clamped at the scan's edge). Bilinear blends have no
     * single sample point.
     */
    @Override
    public double[][] frameOffsets() {
        if (!nearest) return null;
        double[][] offsets = new double[shifts.length][2];
        for (int a = 0; a < shifts.length; a++) {
            for (int i = 0; i < 2; i++) offsets[a][i] = Math.rint(-shifts[a][i]) + shifts[a][i];
        }
        return offsets;
    }

    @Override
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("drift_source", driftSource);
        List<List<Double>> s = new ArrayList<>();
        for (double[] sh : shifts) s.add(List.of(sh[0], sh[1]));
        d.put("drift_shifts_positions", s);
        d.put("mask_threshold", maskThreshold);
        int n = 0;
        for (boolean b : mask) if (b) n++;
        d.put("mask_positions", n);
        d.put("monitor_normalised", monitors != null);
        d.put("hot_pixels", hotPixels.pixels().stream().map(h -> List.of(h[0], h[1])).toList());
        return d;
    }

    @Override
    public PositionVolume volume(int row, int col) throws IOException {
        PositionVolume[] out = new PositionVolume[1];
        forEachPosition(row * meta.scanCols() + col, 1, v -> out[0] = v);
        return out[0];
    }

    @Override
    public void forEachPosition(int first, int count, Consumer<PositionVolume> visitor) throws IOException {
        int cols = meta.scanCols();
        int i = first, end = first + count;
        while (i < end) {
            int row = i / cols, c0 = i % cols, n = Math.min(end - i, cols - c0);
            for (PositionVolume v : rowSegment(row, c0, n)) visitor.accept(v);
            i += n;
        }
    }

    /**
     * Volumes of positions (row, c0 .. c0+n-1): per angle, reads the (up to) two grid rows and the columns
     * drift maps them to; the angles at once where the source allows it (each fills its own part of the volumes).
     */
    private synchronized List<PositionVolume> rowSegment(int row, int c0, int n) throws IOException {
        int angles = meta.nAngles();
        int pixels = meta.detRows() * meta.detCols();
        float[][] volumes = new float[n][angles * pixels];
        List<Callable<Void>> reads = new ArrayList<>(angles);
        for (int a = 0; a < angles; a++) {
            int angle = a;
            reads.add(() -> {
                ShiftedFrames.rowSegment(meta.scanRows(), meta.scanCols(), pixels, shifts[angle], nearest, row, c0, n,
                        (r, first, count) -> read(angle, r, first, count), volumes, angle * pixels);
                return null;
            });
        }
        runAll(angleReaders, reads);
        List<PositionVolume> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(new PositionVolume(row, c0 + k, angles, meta.detRows(), meta.detCols(), volumes[k]));
        }
        return out;
    }

    /** Frames of one grid row segment, monitor-normalised and hot pixels repaired. */
    private float[][] read(int angle, int row, int firstCol, int count) throws IOException {
        float[][] frames = new float[count][meta.detRows() * meta.detCols()];
        source.readFrames(angle, row, firstCol, count, frames);
        for (int k = 0; k < count; k++) {
            hotPixels.repair(frames[k]);
            double m = monitorAt(monitors, angle, row * meta.scanCols() + firstCol + k);
            if (m != 1) {
                float inv = (float) (1 / m);
                for (int p = 0; p < frames[k].length; p++) frames[k][p] *= inv;
            }
        }
        return frames;
    }

    @Override
    public void close() throws IOException {
        if (angleReaders != null) angleReaders.shutdownNow();
        source.close();
    }
}
