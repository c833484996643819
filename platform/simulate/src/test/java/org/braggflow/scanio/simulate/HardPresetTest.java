package org.braggflow.scanio.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hard preset's sample: domain sizes, kinds, places, boundary shapes and the strain gradient. */
class HardPresetTest {

    static final long[] SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};

    /** Truth only: building the simulator lays out the sample without generating frames. */
    static SimulationTruth truth(SimulationSpec spec) {
        return new ScanSimulator(spec).truth();
    }

    @Test
    void everyKindIsPlantedOnceAndCoversFourToFortyFivePercentOfTheParticle() {
        for (long seed : SEEDS) {
            for (int[] size : new int[][] {{24, 30}, {40, 50}}) {
                SimulationTruth t = truth(SimulationSpec.hard(size[0], size[1], 5, 16, 16, seed));
                Set<DomainKind> kinds = EnumSet.noneOf(DomainKind.class);
                for (PlantedDomain d : t.domains()) {
                    kinds.add(d.kind());
                    double share = t.share(d.label());
                    assertTrue(share >= 0.04 && share <= 0.45, "seed " + seed + " " + size[0] + "x" + size[1] + ": " + d.kind() + " covers " + share);
                }
                assertEquals(EnumSet.allOf(DomainKind.class), kinds);
                assertEquals(DomainKind.values().length, t.domains().size());
            }
        }
    }

    @Test
    void placesAndSizesChangeWithTheSeed() {
        Set<DomainKind> largest = new HashSet<>();
        double smallest = 1, biggest = 0;
        for (long seed : SEEDS) {
            SimulationTruth t = truth(SimulationSpec.hard(24, 30, 5, 16, 16, seed));
            DomainKind top = null;
            double topShare = 0;
            for (PlantedDomain d : t.domains()) {
                double share = t.share(d.label());
                smallest = Math.min(smallest, share);
                biggest = Math.max(biggest, share);
                if (d.kind() != DomainKind.REFERENCE && share > topShare) {
                    topShare = share;
                    top = d.kind();
                }
            }
            largest.add(top);
        }
        assertTrue(largest.size() >= 3, "the largest non-reference domain is of several kinds over the seeds: " + largest);
        assertTrue(smallest < 0.10 && biggest > 0.30, "sizes span small to large: " + smallest + " to " + biggest);
        int[][] a = truth(SimulationSpec.hard(24, 30, 5, 16, 16, 1)).labels(), b = truth(SimulationSpec.hard(24, 30, 5, 16, 16, 2)).labels();
        int differ = 0, both = 0;
        for (int r = 0; r < 24; r++) {
            for (int c = 0; c < 30; c++) {
                if (a[r][c] < 0 || b[r][c] < 0) continue;
                both++;
                if (a[r][c] != b[r][c]) differ++;
            }
        }
        assertTrue(differ > 0.4 * both, "two seeds put domains in different places: " + differ + " of " + both + " positions differ");
    }

    @Test
    void boundariesAreCurvedWhereTheDefaultPresetsVoronoiEdgesAreStraight() {
        for (long seed : SEEDS) {
            double hard = BoundaryShape.meanLineResidual(truth(SimulationSpec.hard(40, 50, 5, 16, 16, seed)).labels());
            double voronoi = BoundaryShape.meanLineResidual(truth(SimulationSpec.of(40, 50, 5, 16, 16, seed, 1)).labels());
            // straight edges scatter about their line by grid rounding only (about 0.2 positions)
            assertTrue(voronoi < 0.35, "seed " + seed + ": default edges are straight, residual " + voronoi);
            assertTrue(hard > 0.7, "seed " + seed + ": hard edges bend away from any line, residual " + hard);
        }
    }

    @Test
    void theGradientSpansFifteenPercentOfTheStrainedDomainsStrainAsOnePlane() {
        for (long seed : SEEDS) {
            SimulationTruth t = truth(SimulationSpec.hard(24, 30, 5, 16, 16, seed));
            double strained = Math.abs(t.domain(DomainKind.STRAINED).strain());
            assertEquals(0.15 * strained, t.gradientAmplitude(), 1e-12 * strained);
            double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
            // least-squares plane g = a + b r + c col over the particle: a linear ramp leaves no residual
            double[][] ata = new double[3][3];
            double[] atg = new double[3];
            for (int r = 0; r < 24; r++) {
                for (int c = 0; c < 30; c++) {
                    int label = t.labels()[r][c];
                    if (label < 0) continue;
                    double g = t.gradientStrain()[r][c];
                    lo = Math.min(lo, g);
                    hi = Math.max(hi, g);
                    PlantedDomain d = t.domains().get(label);
                    assertEquals(d.strain() + g, t.strain()[r][c], 1e-15, "strain = the domain's own + the gradient");
                    assertEquals(d.tiltX(), t.tiltX()[r][c]);
                    assertEquals(d.tiltY(), t.tiltY()[r][c]);
                    double[] x = {1, r, c};
                    for (int i = 0; i < 3; i++) {
                        atg[i] += x[i] * g;
                        for (int j = 0; j < 3; j++) ata[i][j] += x[i] * x[j];
                    }
                }
            }
            assertEquals(t.gradientAmplitude(), hi - lo, 1e-15, "peak to peak over the particle");
            double[] p = solve(ata, atg);
            for (int r = 0; r < 24; r++) {
                for (int c = 0; c < 30; c++) {
                    if (t.labels()[r][c] >= 0) assertEquals(p[0] + p[1] * r + p[2] * c, t.gradientStrain()[r][c], 1e-9 * strained);
                }
            }
        }
    }

    @Test
    void theSameSeedLaysOutTheSameSample() {
        SimulationTruth a = truth(SimulationSpec.hard(24, 30, 5, 16, 16, 11)), b = truth(SimulationSpec.hard(24, 30, 5, 16, 16, 11));
        for (int r = 0; r < 24; r++) assertArrayEquals(a.labels()[r], b.labels()[r]);
        assertEquals(a.domains(), b.domains());
    }

    private static double[] solve(double[][] a, double[] b) {
        double det = det3(a);
        double[] x = new double[3];
        for (int k = 0; k < 3; k++) {
            double[][] m = new double[3][];
            for (int i = 0; i < 3; i++) {
                m[i] = a[i].clone();
                m[i][k] = b[i];
            }
            x[k] = det3(m) / det;
        }
        return x;
    }

    private static double det3(double[][] m) {
        return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
    }
}
