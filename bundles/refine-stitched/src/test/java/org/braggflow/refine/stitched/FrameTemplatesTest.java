package org.braggflow.refine.stitched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameTemplatesTest {

    private static final int BINS = 64;

    /**
     * Two clusters whose frames share one expected profile (as every domain's frames do in the tails of the
     * rocking curve), one template the mean of 100 positions, the other a single position. Without the
     * template's own noise in the variance, every frame would be about one chi-square unit per bin closer to
     * the 100-position template (82 units over these 64 bins, above the default evidence of 50), and tail
     * frames near a narrow domain would all vote for its wider neighbour.
     */
    @Test
    void aTemplateOfFewPositionsIsNotPenalisedForItsOwnNoise() {
        Random random = new Random(11);
        double[] tail = new double[BINS];
        for (int b = 0; b < BINS; b++) tail[b] = 6 + 4 * Math.sin(b / 5.0);
        FrameTemplates templates = new FrameTemplates(new AngleProfiles(1, BINS / 2, BINS / 2, BINS), 2);
        for (int i = 0; i < 100; i++) templates.add(0, poisson(tail, random));
        templates.add(1, poisson(tail, random));
        templates.finish();
        double difference = 0;
        int frames = 400;
        for (int f = 0; f < frames; f++) {
            float[] frame = poisson(tail, random);
            difference += templates.chiSquare(frame, 0, 1, 1) - templates.chiSquare(frame, 0, 0, 1);
        }
        difference /= frames;
        // the single position's own draw moves this mean by about sqrt(2 x 64) x 0.8 = 9 either way
        assertTrue(Math.abs(difference) < 20, "mean chi-square difference " + difference);
    }

    /** The correction must not blur what tells domains apart: a frame of a shifted peak still picks its own template by more than the default evidence (50). */
    @Test
    void aFrameOfAnotherPeakStillPicksItsOwnTemplateOfOnePosition() {
        Random random = new Random(12);
        double[] reference = new double[BINS], shifted = new double[BINS];
        for (int b = 0; b < BINS; b++) {
            reference[b] = 2 + 200 * Math.exp(-Math.pow(b - 30, 2) / 8);
            shifted[b] = 2 + 200 * Math.exp(-Math.pow(b - 34, 2) / 8);
        }
        FrameTemplates templates = new FrameTemplates(new AngleProfiles(1, BINS / 2, BINS / 2, BINS), 2);
        for (int i = 0; i < 100; i++) templates.add(0, poisson(reference, random));
        templates.add(1, poisson(shifted, random));
        templates.finish();
        for (int f = 0; f < 50; f++) {
            float[] frame = poisson(shifted, random);
            double margin = templates.chiSquare(frame, 0, 0, 1) - templates.chiSquare(frame, 0, 1, 1);
            assertTrue(margin > 50, "frame " + f + ": margin " + margin);
        }
    }

    private static float[] poisson(double[] mean, Random random) {
        float[] out = new float[mean.length];
        for (int b = 0; b < mean.length; b++) {
            double limit = Math.exp(-mean[b]), product = random.nextDouble();
            int k = 0;
            while (product > limit) {
                product *= random.nextDouble();
                k++;
            }
            out[b] = k;
        }
        return out;
    }
}
