package org.braggflow.denoise.lpaici;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NoiseEstimatorTest {

    private static void check(String name, float[] xyz, double sigma, double density) {
        double estimatedSigma = NoiseEstimator.sigma(xyz);
        double estimatedDensity = NoiseEstimator.density(xyz, estimatedSigma);
        System.out.printf("noise estimate %-22s sigma %.4f (planted %.4f, %+.0f%%), density %.4f (planted %.4f, %+.0f%%)%n",
                name, estimatedSigma, sigma, 100 * (estimatedSigma / sigma - 1),
                estimatedDensity, density, 100 * (estimatedDensity / density - 1));
        assertEquals(sigma, estimatedSigma, 0.25 * sigma, name + " sigma");
        assertEquals(density, estimatedDensity, 0.25 * density, name + " density");
    }

    @Test
    void plantedNoiseOnAPlaneIsFoundWithinAQuarter() {
        check("plane, sigma 0.5", TestSurfaces.plane(60, 1, 0.5, 11).xyz(), 0.5, 1);
        check("plane, sigma 0.25", TestSurfaces.plane(60, 1, 0.25, 12).xyz(), 0.25, 1);
    }

    @Test
    void unitsDoNotMatter() {
        // The same kind of cloud in units ten times smaller: density x 100, sigma / 10.
        float[] xyz = TestSurfaces.plane(60, 1, 0.5, 13).xyz();
        for (int i = 0; i < xyz.length; i++) xyz[i] *= 0.1f;
        check("plane in tenths", xyz, 0.05, 100);
    }

    @Test
    void curvedSurfacesAreEstimatedToo() {
        check("sphere radius 18", TestSurfaces.sphere(18, 1, 0.5, 14).xyz(), 0.5, 1);
        check("bump 8 x 8", TestSurfaces.bump(50, 8, 8, 1, 0.5, 15).xyz(), 0.5, 1);
    }

    @Test
    void cloudsTooSmallToTellGiveZero() {
        float[] four = {0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 1, 0.1f};
        assertEquals(0, NoiseEstimator.sigma(four));
        assertEquals(0, NoiseEstimator.density(four, 0));
    }
}
