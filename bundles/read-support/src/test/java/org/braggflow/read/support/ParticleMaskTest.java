package org.braggflow.read.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The automatic particle threshold separates background positions from particle positions of a bimodal scan. */
class ParticleMaskTest {

    @Test
    void otsuOnTheLogSeparatesBackgroundFromAParticleSpanningTwentyfoldIntensities() {
        Random random = new Random(3);
        double[] totals = new double[300];
        int particle = 0;
        for (int i = 0; i < totals.length; i++) {
            if (i < 180) totals[i] = 20 + 10 * random.nextDouble();                 // background, 20..30
            else totals[i] = 300 * Math.pow(20, random.nextDouble());               // particle, edges 300 to centre 6000
            if (i >= 180) particle++;
        }

        for (int classes = 2; classes <= 3; classes++) {
            double threshold = ParticleMask.automaticThreshold(totals, classes);
            assertTrue(threshold > 30 && threshold < 300, classes + " classes: threshold between the modes, got " + threshold);

            boolean[] mask = ParticleMask.mask(totals, threshold);
            int in = 0;
            for (int i = 0; i < mask.length; i++) {
                assertEquals(i >= 180, mask[i], classes + " classes, position " + i);
                if (mask[i]) in++;
            }
            assertEquals(particle, in);
        }
    }

    /**
     * A large detector: background fills each frame, so most particle positions read only 10-30 %
     * above the background, and one domain (a broadened peak) 3-4 times it. Two classes split that
     * domain from the rest and lose most of the particle; the lowest of three keeps it all.
     */
    @Test
    void threeClassesKeepAFaintParticleBesideABrightDomain() {
        Random random = new Random(5);
        double[] totals = new double[2000];
        for (int i = 0; i < totals.length; i++) {
            double background = 400_000 * (1 + 0.002 * random.nextGaussian());
            if (i < 800) totals[i] = background;                                          // no particle
            else if (i < 1700) totals[i] = background * (1.1 + 0.2 * random.nextDouble()); // faint domains
            else totals[i] = background * (3 + random.nextDouble());                      // the bright one
        }
        boolean[] two = ParticleMask.mask(totals, ParticleMask.automaticThreshold(totals, 2));
        boolean[] three = ParticleMask.mask(totals, ParticleMask.automaticThreshold(totals, 3));
        int twoIn = 0;
        for (int i = 0; i < totals.length; i++) {
            assertEquals(i >= 800, three[i], "three classes, position " + i);
            if (two[i]) twoIn++;
        }
        assertEquals(300, twoIn, "two classes keep only the bright domain");
        assertThrows(IllegalArgumentException.class, () -> ParticleMask.automaticThreshold(totals, 4));
    }

    /**
     * Positions the drift correction moved off the scanned grid read totals near 0. A lowest class of
     * a few such positions is not the background: the three-class rule falls back to the two-class
     * split, which keeps the background out.
     */
    @Test
    void aFewPositionsOffTheGridAreNotTakenForTheBackground() {
        Random random = new Random(9);
        double[] totals = new double[500];
        for (int i = 0; i < totals.length; i++) {
            if (i < 15) totals[i] = 3 * random.nextDouble();                              // off the grid
            else if (i < 200) totals[i] = Math.exp(7.5 + 0.3 * random.nextGaussian());   // background
            else totals[i] = Math.exp(10 + 0.5 * random.nextGaussian());                 // particle
        }
        double three = ParticleMask.automaticThreshold(totals, 3);
        assertEquals(ParticleMask.automaticThreshold(totals, 2), three);
        boolean[] mask = ParticleMask.mask(totals, three);
        for (int i = 0; i < totals.length; i++) assertEquals(i >= 200, mask[i], "position " + i);
    }

    @Test
    void aFixedThresholdIsStrict() {
        boolean[] mask = ParticleMask.mask(new double[] {1, 2, 3}, 2);
        assertEquals(false, mask[0]);
        assertEquals(false, mask[1], "equal to the threshold is outside");
        assertEquals(true, mask[2]);
    }
}
