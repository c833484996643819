package org.braggflow.cluster.kmeans;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;

/**
 * Domains as a scan shows them: contiguous regions of the grid whose boundary positions carry a mix
 * of the two neighbouring domains' features (a peak stitched from both). The core leaves the mixed
 * positions out, k chosen on it is the planted one, and nearest-centre assignment puts every mixed
 * position in its own domain. (How much this gains on pipeline features is measured by evaluate.)
 */
class CorePositionsTest {

    static final int ROWS = 24, COLS = 30;

    /** Five vertical bands of unequal width; each position next to a band edge mixes its domain with the neighbour's. */
    static int[] truth() {
        int[] edges = {0, 3, 8, 15, 22, COLS};
        int[] t = new int[ROWS * COLS];
        for (int i = 0; i < t.length; i++) {
            int c = i % COLS, d = 0;
            while (c >= edges[d + 1]) d++;
            t[i] = d;
        }
        return t;
    }

    static FeatureTable table(int[] truth, long seed) {
        Random r = new Random(seed);
        double[][] centres = new double[5][6];
        for (int k = 0; k < 5; k++) centres[k][k] = 1;   // every pair sqrt(2) apart
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < truth.length; i++) {
            int row = i / COLS, col = i % COLS, own = truth[i];
            int other = col + 1 < COLS && truth[i + 1] != own ? truth[i + 1] : col > 0 && truth[i - 1] != own ? truth[i - 1] : own;
            double w = other == own ? 0 : 0.1 + 0.35 * r.nextDouble();    // its own domain always dominates
            float[] v = new float[6];
            for (int t = 0; t < 6; t++) v[t] = (float) ((1 - w) * centres[own][t] + w * centres[other][t] + 0.03 * r.nextGaussian());
            rows.add(new FeatureTable.Row(row, col, v));
        }
        return new FeatureTable(6, rows);
    }

    static double ari(int[] a, int[] b) {
        return AdjustedRandIndex.of(a, b);
    }

    @Test
    void coreChoosesThePlantedDomainsAndMixedPositionsGoToTheirOwn() {
        int[] truth = truth();
        KMeansClusterer stage = new KMeansClusterer();
        StageDescriptor d = StageDescriptor.of("clusterer", "kmeans", stage);
        StringBuilder seen = new StringBuilder();
        for (long seed = 1; seed <= 4; seed++) {
            FeatureTable t = table(truth, seed);
            ClusterResult core = stage.cluster(t, Parameters.of(d, Map.of("scaling", "none", "maxK", 12)));
            seen.append(String.format("seed %d: core k %d ARI %.3f%n", seed, core.k(), ari(truth, core.labels())));
            assertEquals(5, core.k(), seen.toString());
            // every position's own domain dominates its features, so nearest-centre assignment recovers it
            assertTrue(ari(truth, core.labels()) > 0.99, seen.toString());
        }
        System.out.print(seen);
    }

    @Test
    void theCoreIsTheInteriorOfTheDomains() {
        int[] truth = truth();
        FeatureTable t = table(truth, 9);
        ScaledFeatures x = ScaledFeatures.of(t, Scaling.NONE);
        int[] core = CorePositions.indices(t, x, 0.5);
        int mixed = 0;
        for (int i : core) {
            int c = i % COLS;
            boolean edge = (c + 1 < COLS && truth[i + 1] != truth[i]) || (c > 0 && truth[i - 1] != truth[i]);
            if (edge) mixed++;
        }
        assertTrue(mixed < 0.05 * core.length, mixed + " of " + core.length + " core positions are on a boundary");
        assertEquals(truth.length, CorePositions.indices(t, x, 1).length, "share 1: every position");
    }
}
