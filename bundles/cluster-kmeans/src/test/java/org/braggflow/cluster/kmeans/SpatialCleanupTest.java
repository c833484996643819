package org.braggflow.cluster.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.braggflow.api.result.FeatureTable;
import org.junit.jupiter.api.Test;

class SpatialCleanupTest {

    static final int ROWS = 12, COLS = 12;

    /** Left half domain 0, right half domain 1, a 2-wide band of domain 2 in rows 5-6; features are the domain's corner of the square. */
    static int[] planted() {
        int[] t = new int[ROWS * COLS];
        for (int i = 0; i < t.length; i++) {
            int r = i / COLS, c = i % COLS;
            t[i] = r == 5 || r == 6 ? 2 : c < COLS / 2 ? 0 : 1;
        }
        return t;
    }

    static FeatureTable table(int[] labels, double[][] features) {
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            float[] v = new float[2];
            for (int t = 0; t < 2; t++) v[t] = (float) features[i][t];
            rows.add(new FeatureTable.Row(i / COLS, i % COLS, v));
        }
        return new FeatureTable(2, rows);
    }

    @Test
    void anUnsupportedPositionTakesTheNearestOfItsNeighboursClustersAndBandsStay() {
        int[] truth = planted();
        double[][] centres = {{0, 0}, {1, 0}, {0, 1}};
        double[][] f = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) f[i] = centres[truth[i]].clone();
        int[] found = truth.clone();
        // two boundary positions between domains 0 and 1 read as the band's cluster (a stitched peak), one leans to 1
        int a = 2 * COLS + 5, b = 9 * COLS + 6;
        found[a] = 2;
        found[b] = 2;
        f[a] = new double[] {0.2, 0.5};
        f[b] = new double[] {0.9, 0.4};
        FeatureTable t = table(found, f);
        int[] cleaned = SpatialCleanup.apply(t, ScaledFeatures.of(t, Scaling.NONE), found, 3, 3, 1);
        assertEquals(0, cleaned[a], "nearest of the supported neighbouring clusters");
        assertEquals(1, cleaned[b]);
        int[] expected = truth.clone();
        expected[b] = 1;
        expected[a] = 0;
        assertArrayEquals(expected, cleaned, "everything else, the 2-wide band included, keeps its label");
    }

    @Test
    void aDomainAlongTheScanEdgeKeepsItsLabelsThoughItsPositionsHaveFewerNeighbours() {
        // the last row is domain 0, everything above it domain 1: an edge position has 5 neighbours, 2 of its own
        int[] truth = new int[ROWS * COLS];
        double[][] f = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = i / COLS == ROWS - 1 ? 0 : 1;
            f[i] = new double[] {truth[i], 0};
        }
        FeatureTable t = table(truth, f);
        int[] cleaned = SpatialCleanup.apply(t, ScaledFeatures.of(t, Scaling.NONE), truth, 2, 3, 1);
        // the two corners have 1 own neighbour of 3 and may go; every other edge position must stay
        for (int c = 1; c < COLS - 1; c++) assertEquals(0, cleaned[(ROWS - 1) * COLS + c], "edge position (11, " + c + ")");
        for (int i = 0; i < (ROWS - 1) * COLS; i++) assertEquals(1, cleaned[i]);
    }

    @Test
    void supportIsCountedInProportionToTheNeighboursThatExist() {
        assertEquals(true, SpatialCleanup.supported(3, 8, 3));
        assertEquals(false, SpatialCleanup.supported(2, 8, 3));
        assertEquals(true, SpatialCleanup.supported(2, 5, 3), "2 of 5 is more than 3 of 8");
        assertEquals(false, SpatialCleanup.supported(1, 5, 3));
    }

    @Test
    void noPassesChangeNothing() {
        int[] truth = planted();
        double[][] f = new double[truth.length][];
        for (int i = 0; i < truth.length; i++) f[i] = new double[] {truth[i], 0};
        int[] found = truth.clone();
        found[0] = 1;
        FeatureTable t = table(found, f);
        assertArrayEquals(found, SpatialCleanup.apply(t, ScaledFeatures.of(t, Scaling.NONE), found, 3, 3, 0));
    }
}
