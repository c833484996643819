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
        FrameTemplates templates = new FrameTemplates(new AngleProfiles(1, BINS / 2, BINS / 2, BINS), 2, FrameScore.LIKELIHOOD);
        for (int i = 0; i < 100; i++) templates.add(0, poisson(tail, random));
        templates.add(1, poisson(tail, random));
        templates.finish();
        double[] margins = meanMargins(templates, tail, 400, random);
        double difference = margins[0], scoreDifference = margins[1];
        // the single position's own draw moves this mean by about sqrt(2 x 64) x 0.8 = 9 either way
        assertTrue(Math.abs(difference) < 20, "mean chi-square difference " + difference);
        // the score adds the log of each bin's Poisson variance, which the single draw moves little; the template's own
        // noise stays out of it (its log would favour the 100-position template by 0.69 a bin, 44 over these 64)
        assertTrue(Math.abs(scoreDifference) < 20, "mean score difference " + scoreDifference);
    }

    /**
     * A frame's own template must score best on average. Here the other template is the same profile half a count
     * brighter in every bin: the chi-square alone divides its larger residuals by its larger variance and prefers
     * it (by about 0.01 a bin at 20 counts); the score, which adds the log of each bin's variance, does not.
     */
    @Test
    void theScorePrefersTheTemplateAFrameWasDrawnFromWhereTheChiSquareAlonePrefersABrighterOne() {
        Random random = new Random(13);
        double[] own = new double[BINS];
        float[] ownMean = new float[BINS], brighter = new float[BINS];
        for (int b = 0; b < BINS; b++) {
            own[b] = 20 + 2 * Math.sin(b / 7.0);
            ownMean[b] = (float) own[b];
            brighter[b] = (float) (own[b] + 0.5);
        }
        FrameTemplates templates = new FrameTemplates(new AngleProfiles(1, BINS / 2, BINS / 2, BINS), 2, FrameScore.LIKELIHOOD);
        for (int i = 0; i < 100; i++) {
            templates.add(0, ownMean);
            templates.add(1, brighter);
        }
        templates.finish();
        double[] margins = meanMargins(templates, own, 2000, random);
        double chiMargin = margins[0], scoreMargin = margins[1];
        // expected -0.67 and +0.83 over 64 bins; a frame's margin scatters by about 1.7, so 2000 frames by 0.04
        assertTrue(chiMargin < -0.3, "the chi-square alone prefers the brighter template: mean margin " + chiMargin);
        assertTrue(scoreMargin > 0.4, "the score prefers the frame's own template: mean margin " + scoreMargin);
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
        FrameTemplates templates = new FrameTemplates(new AngleProfiles(1, BINS / 2, BINS / 2, BINS), 2, FrameScore.LIKELIHOOD);
        for (int i = 0; i < 100; i++) templates.add(0, poisson(reference, random));
        templates.add(1, poisson(shifted, random));
        templates.finish();
        for (int f = 0; f < 50; f++) {
            float[] frame = poisson(shifted, random);
            double margin = templates.chiSquare(frame, 0, 0, 1) - templates.chiSquare(frame, 0, 1, 1);
            assertTrue(margin > 50, "frame " + f + ": margin " + margin);
        }
    }

    /** Over frames drawn around the mean: template 1's chi-square less template 0's, and the same of their scores, averaged. */
    private static double[] meanMargins(FrameTemplates templates, double[] mean, int frames, Random random) {
        double chi = 0, score = 0;
        for (int f = 0; f < frames; f++) {
            float[] frame = poisson(mean, random);
            chi += templates.chiSquare(frame, 0, 1, 1) - templates.chiSquare(frame, 0, 0, 1);
            score += templates.score(frame, 0, 1, 1) - templates.score(frame, 0, 0, 1);
        }
        return new double[] {chi / frames, score / frames};
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
