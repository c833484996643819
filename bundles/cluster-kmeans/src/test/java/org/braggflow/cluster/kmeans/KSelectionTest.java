package org.braggflow.cluster.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;

/**
 * Choosing k on planted answers: five well separated Gaussian clusters of 5 % to 40 % of the
 * positions must give k = 5, and one cloud with a gradient through it (no clusters) must not be
 * split. Centres at least 0.5 apart in the unit cube, noise 0.05 per feature (10 sigma).
 */
class KSelectionTest {

    private static final int[] DIMENSIONS = {2, 5, 20};

    private final KMeansClusterer stage = new KMeansClusterer();

    private ClusterResult cluster(PlantedClouds data, Object... values) {
        // the planted clusters lie on the grid in random order, not as domains: no core to find
        Map<String, Object> map = new HashMap<>(Map.of("maxK", 12, "coreShare", 1.0, "cleanupPasses", 0));
        for (int i = 0; i < values.length; i += 2) map.put((String) values[i], values[i + 1]);
        return stage.cluster(data.table, Parameters.of(StageDescriptor.of("clusterer", "kmeans", stage), map));
    }

    private void findsFiveClusters(String selection, double gradient) {
        double worst = 1;
        for (int dim : DIMENSIONS) {
            for (long seed = 1; seed <= 3; seed++) {
                PlantedClouds c = PlantedClouds.clusters(dim, 0.5, 0.05, gradient, seed);
                ClusterResult r = cluster(c, "selection", selection);
                double ari = AdjustedRandIndex.of(c.truth, r.labels());
                worst = Math.min(worst, ari);
                System.out.printf("%s, 5 clusters (5-40 %%) + gradient %.2f, %d-d, seed %d: k = %d, ARI = %.4f%n",
                        selection, gradient, dim, seed, r.k(), ari);
                assertEquals(5, r.k(), selection + " " + dim + "-d seed " + seed);
                assertEquals(5, r.chosenK());
                assertTrue(ari >= 0.95, "ARI " + ari);
                assertEquals(selection, r.criterion());
            }
        }
        System.out.printf("%s, gradient %.2f: worst ARI %.4f over %d scans%n", selection, gradient, worst, 3 * DIMENSIONS.length);
    }

    @Test
    void silhouetteFindsFiveUnequalClusters() {
        findsFiveClusters("silhouette", 0);
    }

    @Test
    void silhouetteFindsFiveUnequalClustersStretchedByAGradient() {
        findsFiveClusters("silhouette", 0.2);
    }

    @Test
    void gapFindsFiveUnequalClusters() {
        findsFiveClusters("gap", 0);
    }

    @Test
    void theDefaultIsSilhouetteWithTheOneClusterTest() {
        PlantedClouds c = PlantedClouds.clusters(5, 0.5, 0.05, 0.2, 7);
        ClusterResult byDefault = cluster(c);
        assertEquals("silhouette", byDefault.criterion());
        assertArrayEquals(cluster(c, "selection", "silhouette").labels(), byDefault.labels());
        assertEquals(5, byDefault.k());
        PlantedClouds g = PlantedClouds.gradient(5, true, 0.05, 7);
        assertEquals(1, cluster(g).k(), "one gradient, one cluster");
    }

    @Test
    void aGradientIsOneClusterForSilhouetteAndGapButTheElbowSplitsIt() {
        for (int dim : DIMENSIONS) {
            for (boolean uniform : new boolean[] {true, false}) {
                for (double sigma : new double[] {0.01, 0.05}) {
                    PlantedClouds g = PlantedClouds.gradient(dim, uniform, sigma, dim);
                    ClusterResult silhouette = cluster(g, "selection", "silhouette");
                    ClusterResult gap = cluster(g, "selection", "gap");
                    ClusterResult plainGap = cluster(g, "selection", "gap", "splitValley", 0);
                    ClusterResult plainSilhouette = cluster(g, "selection", "silhouette", "splitValley", 0);
                    ClusterResult elbow = cluster(g, "selection", "elbow");
                    System.out.printf("%s gradient, %d-d, noise %.2f: silhouette k = %d (without the valley test %d), gap k = %d "
                                    + "(without %d), elbow k = %d%n", uniform ? "uniform" : "Gaussian", dim, sigma, silhouette.k(),
                            plainSilhouette.k(), gap.k(), plainGap.k(), elbow.k());
                    assertEquals(1, silhouette.k());
                    assertEquals(1, silhouette.chosenK());
                    assertEquals(1, gap.k());
                    assertTrue(plainSilhouette.k() >= 2, "the mean silhouette alone cannot answer 1");
                    assertTrue(elbow.k() >= 3, "the elbow rule over-splits a gradient: k = " + elbow.k());
                }
            }
        }
    }

    @Test
    void aSampleOfPositionsChoosesKAndAllPositionsAreClustered() {
        PlantedClouds c = PlantedClouds.clusters(8, 0.5, 0.05, 11);
        for (String selection : new String[] {"silhouette", "gap"}) {
            ClusterResult r = cluster(c, "selection", selection, "sample", 300);
            double ari = AdjustedRandIndex.of(c.truth, r.labels());
            System.out.printf("%s on a sample of 300 of 1200 positions: k = %d, ARI = %.4f%n", selection, r.k(), ari);
            assertEquals(5, r.k());
            assertEquals(1200, r.labels().length);
            assertTrue(ari >= 0.95, "ARI " + ari);
        }
    }

    @Test
    void theCriterionCurveIsRecordedWithItsK() {
        PlantedClouds c = PlantedClouds.clusters(5, 0.5, 0.05, 3);
        ClusterResult s = cluster(c, "selection", "silhouette");
        assertArrayEquals(new int[] {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, s.criterionK());
        double[] v = s.criterionCurve();
        for (int i = 0; i < v.length; i++) assertTrue(v[i] <= v[3], "k = 5 has the largest mean silhouette");
        assertTrue(v[3] > 0.7 && v[3] <= 1, "well separated: " + v[3]);
        assertEquals(0, s.elbowCurve().length, "no elbow curve unless the elbow rule chose");

        ClusterResult g = cluster(c, "selection", "gap");
        assertEquals(12, g.criterionK().length);
        assertEquals(1, g.criterionK()[0]);
        double[] gap = g.criterionCurve();
        assertTrue(gap[4] > gap[3] + 0.3, "the gap jumps when the last planted cluster gets its own");

        ClusterResult e = cluster(c, "selection", "elbow");
        assertEquals("elbow", e.criterion());
        assertArrayEquals(e.elbowCurve(), e.criterionCurve());
        ClusterResult f = cluster(c, "selection", "fixed", "k", 3);
        assertEquals("fixed", f.criterion());
        assertEquals(3, f.chosenK());
        assertEquals(0, f.criterionK().length);
    }

    @Test
    void selectionWinsOverTheOlderModeWhichStillWorksAlone() {
        PlantedClouds c = PlantedClouds.clusters(5, 0.5, 0.05, 4);
        assertEquals("elbow", cluster(c, "mode", "elbow").criterion());
        ClusterResult fixed = cluster(c, "mode", "fixed", "k", 3);
        assertEquals("fixed", fixed.criterion());
        assertEquals(3, fixed.k());
        assertEquals("silhouette", cluster(c, "mode", "fixed", "k", 3, "selection", "silhouette").criterion());
        assertEquals(7, cluster(c, "mode", "elbow", "selection", "fixed", "k", 7).k());
        assertEquals("gap", cluster(c, "mode", "elbow", "selection", "gap").criterion());
    }

    @Test
    void scalingNoneAndZScoreKeepTheClusters() {
        PlantedClouds c = PlantedClouds.clusters(5, 0.5, 0.05, 5);
        for (String scaling : new String[] {"none", "zscore", "minmax"}) {
            ClusterResult r = cluster(c, "scaling", scaling);
            double ari = AdjustedRandIndex.of(c.truth, r.labels());
            System.out.printf("scaling %s: k = %d, ARI = %.4f%n", scaling, r.k(), ari);
            assertEquals(5, r.k());
            assertTrue(ari >= 0.95);
        }
    }
}
