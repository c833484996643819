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

    @Test
    void spacingIsTheMedianDistanceToTheNearestDistinctPoint() {
        // A voxel grid, every point doubled: the spacing is the pixel, 1, not the duplicates' 0.
        float[] grid = TestBlobs.braggPeak(new double[] {3, 4, 2}, 1000, 1, 0.05, 16);
        float[] doubled = new float[2 * grid.length];
        System.arraycopy(grid, 0, doubled, 0, grid.length);
        System.arraycopy(grid, 0, doubled, grid.length, grid.length);
        assertEquals(1, NoiseEstimator.spacing(grid), 1e-9);
        assertEquals(1, NoiseEstimator.spacing(doubled), 1e-9);
        // Random points on a plane, density 1: median nearest-neighbour distance sqrt(ln 2 / pi) = 0.47
        // without noise (Rayleigh law); noise of 0.5 per coordinate spreads them to about 0.7.
        assertEquals(Math.sqrt(Math.log(2) / Math.PI), NoiseEstimator.spacing(TestSurfaces.plane(60, 1, 0, 17).xyz()), 0.03);
        float[] tenths = TestSurfaces.plane(60, 1, 0, 17).xyz();
        for (int i = 0; i < tenths.length; i++) tenths[i] *= 0.1f;
        assertEquals(0.1 * Math.sqrt(Math.log(2) / Math.PI), NoiseEstimator.spacing(tenths), 0.003);
        assertEquals(0, NoiseEstimator.spacing(new float[] {1, 2, 3}));
        assertEquals(0, NoiseEstimator.spacing(new float[] {1, 2, 3, 1, 2, 3}));
    }
}
