package org.braggflow.read.support;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A pixel hot in every frame is found and repaired; a Bragg peak of the same height is left alone. */
class HotPixelMapTest {

    private static final int ROWS = 16;
    private static final int COLS = 16;
    private static final int FRAMES = 100;

    /** Summed counts: 5 per pixel and frame, a peak (sigma 1.5 pixels) at (8, 8), a hot pixel at (3, 12). */
    private static double[] sums() {
        double[] s = new double[ROWS * COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                s[r * COLS + c] = FRAMES * (5 + 2000 * Math.exp(-((r - 8) * (r - 8) + (c - 8) * (c - 8)) / (2 * 1.5 * 1.5)));
            }
        }
        s[3 * COLS + 12] = FRAMES * 2000.0;
        return s;
    }

    @Test
    void theHotPixelIsFoundAndThePeakIsNot() {
        List<int[]> hot = HotPixelMap.detect(sums(), ROWS, COLS, FRAMES, 20).pixels();
        assertEquals(1, hot.size(), "one hot pixel");
        assertArrayEquals(new int[] {3, 12}, hot.get(0));
    }

    @Test
    void aRepairedPixelTakesTheMedianOfItsNeighbours() {
        HotPixelMap map = HotPixelMap.detect(sums(), ROWS, COLS, FRAMES, 20);
        float[] frame = new float[ROWS * COLS];
        for (int i = 0; i < frame.length; i++) frame[i] = i % 7;      // neighbours of (3, 12) are known numbers
        frame[3 * COLS + 12] = 1e5f;
        float[] expectedNeighbours = {
                frame[2 * COLS + 11], frame[2 * COLS + 12], frame[2 * COLS + 13],
                frame[3 * COLS + 11], frame[3 * COLS + 13],
                frame[4 * COLS + 11], frame[4 * COLS + 12], frame[4 * COLS + 13]};
        float[] sorted = expectedNeighbours.clone();
        java.util.Arrays.sort(sorted);
        double median = 0.5 * (sorted[3] + sorted[4]);

        float before = frame[5 * COLS + 5];
        map.repair(frame);

        assertEquals(median, frame[3 * COLS + 12], 1e-6);
        assertEquals(before, frame[5 * COLS + 5], 0.0, "other pixels are untouched");
    }

    @Test
    void noneRepairsNothing() {
        float[] frame = {1, 2, 3, 400};
        HotPixelMap.none(2, 2).repair(frame);
        assertArrayEquals(new float[] {1, 2, 3, 400}, frame, 0f);
    }
}
