package org.braggflow.read.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Detector pixels that read high in every frame (hot pixels): a pixel is hot when its counts summed
 * over many frames exceed {@code ratio} x the median of its 3x3 neighbourhood (plus one count per
 * frame, so dark areas do not flag noise). A Bragg peak is smooth over neighbouring pixels, so it is
 * not flagged. Hot pixels are replaced, frame by frame, by their neighbourhood median.
 */
public final class HotPixelMap {

    private final int rows;
    private final int cols;
    private final int[] hot;

    private HotPixelMap(int rows, int cols, int[] hot) {
        this.rows = rows;
        this.cols = cols;
        this.hot = hot;
    }

    public static HotPixelMap none(int rows, int cols) {
        return new HotPixelMap(rows, cols, new int[0]);
    }

    /** Finds hot pixels from per-pixel sums over {@code frames} frames. */
    public static HotPixelMap detect(double[] sums, int rows, int cols, int frames, double ratio) {
        List<Integer> found = new ArrayList<>();
        double[] neighbours = new double[8];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int n = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr, cc = c + dc;
                        if ((dr != 0 || dc != 0) && rr >= 0 && rr < rows && cc >= 0 && cc < cols) neighbours[n++] = sums[rr * cols + cc];
                    }
                }
                if (n > 0 && sums[r * cols + c] > ratio * (median(neighbours, n) + frames)) found.add(r * cols + c);
            }
        }
        return new HotPixelMap(rows, cols, found.stream().mapToInt(Integer::intValue).toArray());
    }

    static double median(double[] values, int n) {
        double[] v = Arrays.copyOf(values, n);
        Arrays.sort(v);
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }

    /** Hot pixels as [row, col] pairs, for provenance. */
    public List<int[]> pixels() {
        List<int[]> out = new ArrayList<>();
        for (int p : hot) out.add(new int[] {p / cols, p % cols});
        return out;
    }

    /** Replaces each hot pixel of one frame by the median of its non-hot neighbours. */
    public void repair(float[] frame) {
        double[] neighbours = new double[8];
        for (int p : hot) {
            int r = p / cols, c = p % cols, n = 0;
            for (int dr = -1; dr <= 1; dr++) {
                for (int dc = -1; dc <= 1; dc++) {
                    int rr = r + dr, cc = c + dc;
                    if ((dr != 0 || dc != 0) && rr >= 0 && rr < rows && cc >= 0 && cc < cols
                            && Arrays.binarySearch(hot, rr * cols + cc) < 0) {
                        neighbours[n++] = frame[rr * cols + cc];
                    }
                }
            }
            frame[p] = n == 0 ? 0 : (float) median(neighbours, n);
        }
    }
}
