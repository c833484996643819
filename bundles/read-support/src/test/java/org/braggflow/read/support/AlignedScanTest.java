package org.braggflow.read.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.Parameters;
import org.braggflow.scanio.ScanFormatException;
import org.junit.jupiter.api.Test;

/**
 * A source whose angles may be read at once is surveyed and read on several threads, with the same
 * drift, mask, hot pixels and volumes as when its angles are read in turn; a failure on a reading
 * thread reaches the caller as it was thrown, and the source is closed.
 */
class AlignedScanTest {

    private static final int ROWS = 10, COLS = 12, DET = 8, ANGLES = 5;
    private static final int HOT_PIXEL = 5;

    /** Frames made from (angle, row, col): a particle of two domains whose peaks sit on different pixels, a hot pixel everywhere. */
    private static final class MadeFrames implements FrameSource {
        final boolean concurrent;
        final int failingAngle;
        final Set<Long> readingThreads = ConcurrentHashMap.newKeySet();
        volatile boolean closed;

        MadeFrames(boolean concurrent, int failingAngle) {
            this.concurrent = concurrent;
            this.failingAngle = failingAngle;
        }

        @Override
        public ScanMetadata metadata() {
            double[] angles = new double[ANGLES];
            for (int a = 0; a < ANGLES; a++) angles[a] = 10 + 0.05 * a;
            return new ScanMetadata("made", "test", ROWS, COLS, DET, DET, angles, null, List.of(Path.of("made.h5")));
        }

        @Override
        public void readFrames(int angle, int row, int firstCol, int count, float[][] out) throws IOException {
            readingThreads.add(Thread.currentThread().getId());
            if (angle == failingAngle) throw new ScanFormatException(Path.of("angle-" + angle + ".h5"), "has a broken chunk");
            for (int k = 0; k < count; k++) {
                int col = firstCol + k;
                boolean particle = row >= 2 && row < 8 && col >= 3 && col < 10;
                int peak = particle ? (col < 6 ? 18 + angle : 42 - angle) : -1;
                for (int p = 0; p < DET * DET; p++) out[k][p] = 1 + (p == peak ? 400 + 30 * row : 0) + (p == HOT_PIXEL ? 5000 : 0);
            }
        }

        @Override
        public float[] monitor(int angle) {
            return null;
        }

        @Override
        public float[] xrf(int angle) {
            return null;
        }

        @Override
        public boolean anglesReadConcurrently() {
            return concurrent;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Frames that say where they were measured (pixel 0 = grid row, pixel 1 = grid column), and fluorescence maps of a blob that drifts. */
    private static final class DriftingFrames implements FrameSource {
        @Override
        public ScanMetadata metadata() {
            double[] angles = new double[ANGLES];
            for (int a = 0; a < ANGLES; a++) angles[a] = 10 + 0.05 * a;
            return new ScanMetadata("drifting", "test", ROWS, COLS, DET, DET, angles, null, List.of(Path.of("drifting.h5")));
        }

        @Override
        public void readFrames(int angle, int row, int firstCol, int count, float[][] out) {
            for (int k = 0; k < count; k++) {
                java.util.Arrays.fill(out[k], 1);
                out[k][0] = 100 + row;
                out[k][1] = 100 + firstCol + k;
            }
        }

        @Override
        public float[] monitor(int angle) {
            return null;
        }

        @Override
        public float[] xrf(int angle) {
            // the blob sits at (4.5 + 0.37 a, 6 - 0.29 a) on the grid at angle a: the sample drifts by that much
            float[] map = new float[ROWS * COLS];
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    double dr = r - 4.5 - 0.37 * angle, dc = c - 6 + 0.29 * angle;
                    map[r * COLS + c] = (float) (10 + 100 * Math.exp(-(dr * dr + dc * dc) / 4));
                }
            }
            return map;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void frameOffsetsSayWhereEachFrameOfAPositionWasMeasured() throws IOException {
        // the pixels that carry the grid position read high in every frame: hot-pixel removal would replace them
        try (AlignedScan scan = AlignedScan.open(new DriftingFrames(), readerParameters(java.util.Map.of("removeHotPixels", false)))) {
            double[][] shifts = scan.shifts(), offsets = scan.frameOffsets();
            assertTrue(Math.abs(shifts[ANGLES - 1][0]) > 0.5, "the drift was found: " + java.util.Arrays.deepToString(shifts));
            for (int r = 2; r < ROWS - 2; r++) {
                for (int c = 2; c < COLS - 2; c++) {
                    PositionVolume v = scan.volume(r, c);
                    for (int a = 0; a < ANGLES; a++) {
                        int gridRow = Math.round(v.at(a, 0, 0)) - 100, gridCol = Math.round(v.at(a, 0, 1)) - 100;
                        // the grid position saw the sample point (grid + shift): offset from (r, c) is grid + shift - (r, c)
                        assertEquals(gridRow + shifts[a][0] - r, offsets[a][0], 1e-9, "angle " + a + " row");
                        assertEquals(gridCol + shifts[a][1] - c, offsets[a][1], 1e-9, "angle " + a + " column");
                        assertTrue(Math.abs(offsets[a][0]) <= 0.5 && Math.abs(offsets[a][1]) <= 0.5);
                    }
                }
            }
        }
        try (AlignedScan scan = AlignedScan.open(new DriftingFrames(), readerParameters(java.util.Map.of("resampling", "bilinear")))) {
            assertEquals(null, scan.frameOffsets(), "a blend has no one place it was measured");
        }
    }

    private static ReaderParameters readerParameters(Map<String, Object> values) {
        var reader = new org.braggflow.api.stage.StageDescriptor("reader", "test", "", org.braggflow.api.stage.StageDescriptor.specs(ReaderParameters.class));
        return Parameters.of(reader, values).as(ReaderParameters.class);
    }

    private static AlignedScan open(FrameSource source) throws IOException {
        return AlignedScan.open(source, Parameters.defaults(ReaderParameters.class).as(ReaderParameters.class));
    }

    @Test
    void anglesReadAtOnceGiveWhatAnglesReadInTurnGive() throws IOException {
        MadeFrames inTurn = new MadeFrames(false, -1), atOnce = new MadeFrames(true, -1);
        try (AlignedScan a = open(inTurn); AlignedScan b = open(atOnce)) {
            Map<String, Object> da = a.details(), db = b.details();
            assertEquals(da, db, "drift, mask and hot pixels");
            assertEquals(List.of(List.of(0, HOT_PIXEL)), da.get("hot_pixels"));
            assertEquals(42, da.get("mask_positions"), "the particle's 6 x 7 positions");
            for (int r = 0; r < ROWS; r++) {
                for (int c = 0; c < COLS; c++) {
                    PositionVolume va = a.volume(r, c), vb = b.volume(r, c);
                    assertEquals(a.inMask(r, c), b.inMask(r, c));
                    assertArrayEquals(va.intensity(), vb.intensity(), "position " + r + ", " + c);
                }
            }
        }
        assertEquals(1, inTurn.readingThreads.size(), "a source that cannot be read concurrently is read by one thread");
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores > 1) assertTrue(atOnce.readingThreads.size() > 1, "read by threads " + atOnce.readingThreads);
        else assertEquals(1, atOnce.readingThreads.size());
    }

    @Test
    void aFailureWhileAnglesAreReadAtOnceNamesTheFileAndClosesTheSource() {
        MadeFrames broken = new MadeFrames(true, 3);
        ScanFormatException e = assertThrows(ScanFormatException.class, () -> open(broken));
        assertTrue(e.getMessage().contains("angle-3.h5") && e.getMessage().contains("broken chunk"), e.getMessage());
        assertTrue(broken.closed, "the source is closed");
    }
}
