package org.braggflow.denoise.lpaici;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The pass takes its candidates from a box query in each point's frame; the pass as first written took
 * them from a ball around the point ({@link ReferenceLpaIciPass}). The box holds exactly the points of
 * any neighbourhood, in the order the ball listed them, so the output must be the same to the bit: on a
 * measured cloud at the authors' two calls, on thresholded Bragg peaks (solid volumes, where the box
 * skips most of the ball) at the workflows' relative scale, and on a noisy sphere, with both weightings.
 */
class LpaIciPassTest {

    private static LpaIciFilter.Settings settings(AggregationWeight weights, double maxResidual) {
        return new LpaIciFilter.Settings(LpaIciFilter.scales(3, Math.sqrt(2), 4), 1.5, 2, 1, 50, 6, 0.5, 3, weights,
                maxResidual, 1);
    }

    /** The cloud as a pass sees it: Morton order, scaled to unit surface density. */
    private static float[] prepared(float[] xyz, double density) {
        float[] out = MortonOrder.permute(xyz, MortonOrder.of(xyz));
        for (int i = 0; i < out.length; i++) out[i] = (float) (out[i] * Math.sqrt(density));
        return out;
    }

    private static void sameAsReference(String what, float[] xyz, double sigma, LpaIciFilter.Settings s) {
        float[] box = new LpaIciPass(xyz, sigma, s).run();
        float[] ball = new ReferenceLpaIciPass(xyz, sigma, s).run();
        int moved = 0;
        for (int i = 0; i < xyz.length; i++) if (box[i] != xyz[i]) moved++;
        assertTrue(moved > xyz.length / 2, what + ": the pass moved only " + moved + " coordinates, nothing to compare");
        assertArrayEquals(ball, box, 0f, what);
    }

    @Test
    void aMeasuredCloudAtTheAuthorsCallsIsDenoisedAsBefore() throws IOException {
        float[] cloud = LpaIciDenoiserTest.readCloud("pixel-150.csv");
        for (double density : new double[] {2, 0.2}) {
            double sigma = 5 * Math.sqrt(density);
            sameAsReference("pixel 150, density " + density, prepared(cloud, density), sigma, settings(AggregationWeight.NEIGHBOURHOOD, 0));
        }
    }

    @Test
    void braggPeaksAtTheRelativeScaleAreDenoisedAsBefore() {
        for (long seed = 1; seed <= 3; seed++) {
            float[] peak = TestBlobs.braggPeak(new double[] {2.5 + seed, 4, 3}, 1000, 5, 0.05, seed);
            // the workflows' calls: sigma 0.5 and density 2, then 0.2, per square spacing (1 voxel here)
            for (double density : new double[] {2, 0.2}) {
                for (AggregationWeight w : AggregationWeight.values()) {
                    sameAsReference("peak " + seed + ", density " + density + ", " + w, prepared(peak, density),
                            0.5 * Math.sqrt(density), settings(w, 1.5));
                }
            }
        }
    }

    @Test
    void aNoisySphereIsDenoisedAsBefore() {
        float[] sphere = TestSurfaces.sphere(12, 1, 0.4, 7).xyz();
        sameAsReference("sphere", prepared(sphere, 1), 0.4, settings(AggregationWeight.NEIGHBOURHOOD, 1.5));
    }
}
