package org.braggflow.cluster.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.stage.ParameterSpec;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;

class KMeansClustererTest {

    private final KMeansClusterer stage = new KMeansClusterer();

    private ClusterResult cluster(FeatureTable table, Map<String, ?> values) {
        return stage.cluster(table, Parameters.of(StageDescriptor.of("clusterer", "kmeans", stage), values));
    }

    private static void assertLabelsNumberedFromZero(ClusterResult r, int n) {
        assertEquals(n, r.labels().length);
        for (int l : r.labels()) assertTrue(l >= 0 && l < r.k(), "label " + l + " of k = " + r.k());
        assertEquals(r.k(), Arrays.stream(r.labels()).distinct().count(), "every label in 0 .. k-1 is used");
    }

    @Test
    void elbowRuleRecoversFivePlantedDomainsIn16Dimensions() {
        for (long seed = 1; seed <= 3; seed++) {
            PlantedDomains scan = new PlantedDomains(30, 40, 5, 16, 0.2, seed);
            long start = System.nanoTime();
            ClusterResult r = cluster(scan.table, Map.of("selection", "elbow"));
            double seconds = (System.nanoTime() - start) / 1e9;
            double ari = AdjustedRandIndex.of(scan.truth, r.labels());
            System.out.printf("16-d planted scan %d (domain sizes %s): chosen k = %d, ARI = %.4f, %.2f s%n",
                    seed, Arrays.toString(scan.domainSizes()), r.k(), ari, seconds);
            assertTrue(Math.abs(r.k() - 5) <= 1, "k = " + r.k());
            assertTrue(ari >= 0.95, "ARI = " + ari);
            assertEquals(35, r.elbowCurve().length, "K_max = ceil(sqrt(1200))");
            assertLabelsNumberedFromZero(r, 1200);
        }
    }

    @Test
    void elbowRuleRecoversFivePlantedDomainsIn512Dimensions() {
        PlantedDomains scan = new PlantedDomains(30, 40, 5, 512, 0.5, 1);
        long start = System.nanoTime();
        ClusterResult r = cluster(scan.table, Map.of("selection", "elbow"));
        double seconds = (System.nanoTime() - start) / 1e9;
        double ari = AdjustedRandIndex.of(scan.truth, r.labels());
        System.out.printf("512-d planted scan, 1200 positions, K_max 35: chosen k = %d, ARI = %.4f, %.2f s on %d processors%n",
                r.k(), ari, seconds, Runtime.getRuntime().availableProcessors());
        assertTrue(Math.abs(r.k() - 5) <= 1, "k = " + r.k());
        assertTrue(ari >= 0.95, "ARI = " + ari);
    }

    @Test
    void theElbowCurveIsTheBestSumOfSquaresAndFallsToTheNoiseFloor() {
        PlantedDomains scan = new PlantedDomains(30, 40, 5, 16, 0.2, 4);
        double[] curve = cluster(scan.table, Map.of("maxK", 12, "selection", "elbow")).elbowCurve();
        assertEquals(12, curve.length);
        for (double v : curve) assertTrue(Double.isFinite(v) && v >= 0);
        assertTrue(curve[4] < 0.1 * curve[0], "five clusters explain most of the spread: " + Arrays.toString(curve));
        assertTrue(curve[3] > 2 * curve[4], "four clusters must merge two domains: " + Arrays.toString(curve));
        for (int k = 1; k < curve.length; k++) assertTrue(curve[k] <= curve[k - 1] * 1.05, "roughly falling: " + Arrays.toString(curve));
    }

    @Test
    void constantFeaturesAreScaledToZeroAndGiveNoNaN() {
        PlantedDomains scan = new PlantedDomains(30, 40, 5, 6, 0.2, 5);
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (FeatureTable.Row row : scan.table.rows()) {
            float[] v = Arrays.copyOf(row.values(), 9);
            v[6] = 3.5f;
            v[7] = 0f;
            v[8] = -1e30f;
            rows.add(new FeatureTable.Row(row.row(), row.col(), v));
        }
        FeatureTable table = new FeatureTable(9, rows);
        ScaledFeatures x = ScaledFeatures.minMax(table);
        for (int i = 0; i < x.n; i++) {
            for (int t = 0; t < 9; t++) {
                double v = x.values[i * 9 + t];
                assertTrue(v >= 0 && v <= 1, "scaled into [0, 1]");
                if (t >= 6) assertEquals(0.0, v, "constant feature " + t);
            }
        }
        ClusterResult r = cluster(table, Map.of("selection", "elbow"));
        for (double v : r.elbowCurve()) assertFalse(Double.isNaN(v));
        assertTrue(AdjustedRandIndex.of(scan.truth, r.labels()) >= 0.95, "constant features change nothing");

        // all features constant: every position is the same point, one cluster, a flat zero curve
        List<FeatureTable.Row> same = new ArrayList<>();
        for (int i = 0; i < 50; i++) same.add(new FeatureTable.Row(i / 10, i % 10, new float[] {2f, 2f, 2f}));
        ClusterResult flat = cluster(new FeatureTable(3, same), Map.of("mode", "elbow"));
        assertEquals(1, flat.k());
        assertArrayEquals(new int[50], flat.labels());
        assertEquals(8, flat.elbowCurve().length);
        for (double v : flat.elbowCurve()) assertEquals(0.0, v);
    }

    @Test
    void theSameSeedGivesTheSameLabelsAndOtherSeedsAgree() {
        PlantedDomains scan = new PlantedDomains(30, 40, 5, 16, 0.35, 6);
        ClusterResult a = cluster(scan.table, Map.of("seed", 11, "selection", "elbow"));
        ClusterResult b = cluster(scan.table, Map.of("seed", 11, "selection", "elbow"));
        assertArrayEquals(a.labels(), b.labels());
        assertArrayEquals(a.elbowCurve(), b.elbowCurve());
        assertEquals(a.k(), b.k());
        ClusterResult elbowOther = cluster(scan.table, Map.of("seed", 12, "selection", "elbow"));
        double elbowAri = AdjustedRandIndex.of(a.labels(), elbowOther.labels());
        System.out.printf("elbow rule, seed 11 (k = %d) against seed 12 (k = %d): ARI = %.4f%n", a.k(), elbowOther.k(), elbowAri);
        assertTrue(elbowAri >= 0.9, "ARI " + elbowAri);
        ClusterResult fixedA = cluster(scan.table, Map.of("seed", 11, "mode", "fixed", "k", 5));
        for (long other : new long[] {12, 13, 14}) {
            ClusterResult c = cluster(scan.table, Map.of("seed", other, "mode", "fixed", "k", 5));
            double ari = AdjustedRandIndex.of(fixedA.labels(), c.labels());
            System.out.printf("fixed k = 5, seed 11 against seed %d: ARI = %.4f%n", other, ari);
            assertTrue(ari >= 0.9, "seed " + other + ": ARI " + ari);
        }
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfThreads() {
        PlantedDomains scan = new PlantedDomains(30, 40, 5, 16, 0.35, 7);
        ClusterResult one = cluster(scan.table, Map.of("threads", 1, "maxK", 20, "selection", "elbow"));
        ClusterResult three = cluster(scan.table, Map.of("threads", 3, "maxK", 20, "selection", "elbow"));
        assertArrayEquals(one.labels(), three.labels());
        assertArrayEquals(one.elbowCurve(), three.elbowCurve());
    }

    @Test
    void fixedKUsesKAndGivesTheElbowSweepsPartitionForThatK() {
        PlantedDomains scan = new PlantedDomains(30, 40, 5, 16, 0.2, 8);
        ClusterResult fixed = cluster(scan.table, Map.of("mode", "fixed", "k", 5));
        assertEquals(5, fixed.k());
        assertEquals(0, fixed.elbowCurve().length, "no curve when k is fixed");
        assertLabelsNumberedFromZero(fixed, 1200);
        assertTrue(AdjustedRandIndex.of(scan.truth, fixed.labels()) >= 0.95);

        ClusterResult elbow = cluster(scan.table, Map.of("mode", "elbow"));
        assertEquals(5, elbow.k());
        assertArrayEquals(elbow.labels(), fixed.labels(), "runs are seeded by (seed, k, repeat)");

        ClusterResult eight = cluster(scan.table, Map.of("mode", "fixed", "k", 8));
        assertEquals(8, eight.k());
        assertLabelsNumberedFromZero(eight, 1200);
    }

    @Test
    void labelsAreNumberedByFirstOccurrenceInScanOrder() {
        PlantedDomains scan = new PlantedDomains(30, 40, 5, 16, 0.2, 9);
        // hand the positions over in reverse order: numbering still follows the scan, not the table
        List<FeatureTable.Row> reversed = new ArrayList<>(scan.table.rows());
        java.util.Collections.reverse(reversed);
        ClusterResult r = cluster(new FeatureTable(16, reversed), Map.of("mode", "fixed", "k", 5));
        Map<Integer, Integer> firstSeen = new HashMap<>();
        int next = 0;
        for (int i = reversed.size() - 1; i >= 0; i--) {
            int label = r.labels()[i];
            if (!firstSeen.containsKey(label)) {
                assertEquals(next, label, "the " + next + "th cluster met in row-major order");
                firstSeen.put(label, next++);
            }
        }
        assertEquals(5, next);
        assertEquals(0, r.labels()[reversed.size() - 1], "position (0,0) is in cluster 0");
    }

    @Test
    void tinyTablesAndFewDistinctPositions() {
        ClusterResult empty = cluster(new FeatureTable(4, List.of()), Map.of());
        assertEquals(0, empty.k());
        assertEquals(0, empty.labels().length);
        assertEquals(0, empty.elbowCurve().length);

        FeatureTable one = new FeatureTable(2, List.of(new FeatureTable.Row(3, 4, new float[] {1f, 2f})));
        ClusterResult single = cluster(one, Map.of("selection", "elbow"));
        assertArrayEquals(new int[] {0}, single.labels());
        assertEquals(1, single.k());
        assertArrayEquals(new double[] {0}, single.elbowCurve());
        assertEquals(1, cluster(one, Map.of("mode", "fixed", "k", 4)).k());

        List<FeatureTable.Row> three = List.of(new FeatureTable.Row(0, 0, new float[] {0f}),
                new FeatureTable.Row(0, 1, new float[] {5f}), new FeatureTable.Row(0, 2, new float[] {10f}));
        ClusterResult fewerThanK = cluster(new FeatureTable(1, three), Map.of("mode", "fixed", "k", 5));
        assertEquals(3, fewerThanK.k(), "n < k: one cluster per position");
        assertArrayEquals(new int[] {0, 1, 2}, fewerThanK.labels());
        assertEquals(3, cluster(new FeatureTable(1, three), Map.of("maxK", 15, "selection", "elbow")).elbowCurve().length, "K_max capped at n");

        List<FeatureTable.Row> twoValues = new ArrayList<>();
        for (int i = 0; i < 12; i++) twoValues.add(new FeatureTable.Row(0, i, i % 3 == 0 ? new float[] {1f, 7f} : new float[] {4f, 2f}));
        FeatureTable duplicates = new FeatureTable(2, twoValues);
        ClusterResult dup = cluster(duplicates, Map.of("mode", "fixed", "k", 4));
        assertEquals(2, dup.k(), "two distinct positions make two clusters at most");
        for (int i = 0; i < 12; i++) assertEquals(i % 3 == 0 ? 0 : 1, dup.labels()[i]);
        ClusterResult dupElbow = cluster(duplicates, Map.of("maxK", 4, "selection", "elbow"));
        assertEquals(2, dupElbow.k());
        assertEquals(0.0, dupElbow.elbowCurve()[1]);
        assertEquals(0.0, dupElbow.elbowCurve()[3]);
    }

    @Test
    void aNonFiniteFeatureIsRejectedWithItsPosition() {
        FeatureTable table = new FeatureTable(2, List.of(new FeatureTable.Row(0, 0, new float[] {1f, 2f}),
                new FeatureTable.Row(4, 7, new float[] {Float.NaN, 2f})));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cluster(table, Map.of()));
        assertTrue(e.getMessage().contains("(4,7)"), e.getMessage());
    }

    @Test
    void anInterruptedCallerStopsTheSweep() {
        PlantedDomains scan = new PlantedDomains(30, 40, 5, 16, 0.2, 10);
        for (int threads : new int[] {1, 2}) {
            Thread.currentThread().interrupt();
            try {
                assertThrows(CancellationException.class, () -> cluster(scan.table, Map.of("threads", threads)));
            } finally {
                Thread.interrupted();
            }
        }
    }

    @Test
    void outOfRangeParametersAreRejected() {
        StageDescriptor d = StageDescriptor.of("clusterer", "kmeans", stage);
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(d, Map.of("cutoff", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(d, Map.of("k", 0)));
        assertThrows(IllegalArgumentException.class, () -> Parameters.of(d, Map.of("mode", "gap")));
        assertEquals(KMeansMode.FIXED, Parameters.of(d, Map.of("mode", "fixed")).as(KMeansParameters.class).mode());
    }

    @Test
    void everyParameterHasADocAndAValidDefault() {
        List<ParameterSpec> specs = StageDescriptor.specs(stage.parameterType());
        assertEquals(List.of("selection", "mode", "scaling", "k", "sample", "splitValley", "coreShare", "cleanupPasses", "cleanupSupport",
                "references", "maxK", "cutoff", "repeats", "maxIterations", "seed", "threads"),
                specs.stream().map(ParameterSpec::name).toList(), "in declaration order");
        for (ParameterSpec p : specs) {
            assertFalse(p.doc().isBlank(), p.name());
            assertEquals(p.defaultValue(), p.convert(p.defaultValue()), p.name());
        }
        KMeansParameters defaults = Parameters.defaults(KMeansParameters.class).as(KMeansParameters.class);
        assertEquals(KMeansMode.UNSET, defaults.mode());
        assertEquals(KSelection.AUTO, defaults.selection());
        assertEquals(KSelection.SILHOUETTE, KSelection.resolve(defaults.selection(), defaults.mode()));
        assertEquals(Scaling.MINMAX, defaults.scaling());
        assertEquals(2000, defaults.sample());
        assertEquals(10, defaults.references());
        assertEquals(0.5, defaults.splitValley());
        assertEquals(0.95, defaults.cutoff());
        assertEquals(3, defaults.repeats());
        assertEquals(0, defaults.maxK());
        assertFalse(stage.description().isBlank());
    }
}
