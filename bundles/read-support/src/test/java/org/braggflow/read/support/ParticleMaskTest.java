package org.braggflow.read.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

        double threshold = ParticleMask.automaticThreshold(totals);
        assertTrue(threshold > 30 && threshold < 300, "threshold between the modes, got " + threshold);

        boolean[] mask = ParticleMask.mask(totals, threshold);
        int in = 0;
        for (int i = 0; i < mask.length; i++) {
            assertEquals(i >= 180, mask[i], "position " + i);
            if (mask[i]) in++;
        }
        assertEquals(particle, in);
    }

    @Test
    void aFixedThresholdIsStrict() {
        boolean[] mask = ParticleMask.mask(new double[] {1, 2, 3}, 2);
        assertEquals(false, mask[0]);
        assertEquals(false, mask[1], "equal to the threshold is outside");
        assertEquals(true, mask[2]);
    }
}
