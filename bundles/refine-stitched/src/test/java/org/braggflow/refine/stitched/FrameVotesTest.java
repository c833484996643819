package org.braggflow.refine.stitched;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FrameVotesTest {

    /** The refiner test's frame offsets: what a drift of about one position leaves. */
    private static final double[][] OFFSETS = StitchedBoundaryRefinerTest.OFFSETS;

    /**
     * The side of the position at the origin when the frames of it and its 8 neighbours show domain 0 inside a disc
     * of the given centre and radius and domain 1 outside, every frame at full margin, with the given locality.
     */
    private static int sideOfDisc(double centreX, double centreY, double radius, double locality) {
        double[] x = new double[99], y = new double[99], weight = new double[99];
        int[] labels = new int[99];
        int n = 0;
        for (int dr = -1; dr <= 1; dr++) {
            for (int dc = -1; dc <= 1; dc++) {
                for (double[] o : OFFSETS) {
                    double px = dr + o[0], py = dc + o[1];
                    if (px * px + py * py > 1.2 * 1.2) continue;
                    x[n] = px;
                    y[n] = py;
                    labels[n] = Math.hypot(px - centreX, py - centreY) < radius ? 0 : 1;
                    weight[n++] = FrameVotes.weight(1000, 500, px, py, locality);
                }
            }
        }
        return SidePicker.origin(x, y, labels, weight, n, 0, 1);
    }

    @Test
    void aBoundaryCurvedWithinTheWindowIsReadFromTheFramesNearestThePosition() {
        // discs of radius 1 to 3 positions whose edge passes 0.1 from the position, on either side of it, from 24
        // directions: the boundary bends through the 3 x 3 window, and a straight line through all the frames follows the
        // neighbours' frames rather than the position's own
        int wrongAlike = 0, wrongNear = 0, checks = 0;
        for (double angle = 0; angle < 360; angle += 15) {
            double ux = Math.cos(Math.toRadians(angle)), uy = Math.sin(Math.toRadians(angle));
            for (double radius : new double[] {1, 1.5, 2, 3}) {
                for (double inside : new double[] {0.1, -0.1}) {
                    double cx = (radius - inside) * ux, cy = (radius - inside) * uy;
                    int truth = inside > 0 ? 0 : 1;
                    checks++;
                    if (sideOfDisc(cx, cy, radius, 0) != truth) wrongAlike++;
                    if (sideOfDisc(cx, cy, radius, 0.5) != truth) wrongNear++;
                }
            }
        }
        assertEquals(0, wrongNear, wrongNear + " of " + checks + " positions on the wrong side with locality 0.5");
        // the baseline: every frame counted alike whatever its distance (47 of 192 when this was written)
        assertTrue(wrongAlike > checks / 10, "without locality only " + wrongAlike + " of " + checks + " wrong");
    }

    @Test
    void theTwoHeaviestLabelsAreComparedNotTheTwoMostNumerous() {
        // label 2: five weak tail votes; label 0: two strong frames; label 1: the most weight
        int[] labels = {1, 1, 1, 0, 0, 2, 2, 2, 2, 2};
        double[] weight = {1, 0.9, 0.8, 0.8, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1};
        assertArrayEquals(new int[] {1, 0}, FrameVotes.heaviest(new int[] {0, 1, 2}, labels, weight, 10));
        assertArrayEquals(new int[] {1, -1}, FrameVotes.heaviest(new int[] {0, 1, 2}, new int[] {1, 1}, new double[] {0.5, 0.2}, 2));
    }

    @Test
    void aVoteWeighsItsMarginUpToFullAndFadesWithDistance() {
        assertEquals(0.1, FrameVotes.weight(50, 500, 0, 0, 0.5), 1e-12);
        assertEquals(1, FrameVotes.weight(2000, 500, 0, 0, 0.5), 1e-12);
        assertEquals(1, FrameVotes.weight(2000, 0, 3, 4, 0), 1e-12);
        // one standard deviation away: exp(-1/2)
        assertEquals(Math.exp(-0.5), FrameVotes.weight(2000, 500, 0.3, 0.4, 0.5), 1e-12);
    }
}
