package org.braggflow.cluster.kmeans;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansTest {

    /** Blobs in d dimensions plus uniform background points, already in [0, 1]. */
    private static ScaledFeatures blobs(int n, int d, int blobs, double sigma, long seed) {
        Random r = new Random(seed);
        double[][] means = new double[blobs][d];
        for (double[] m : means) for (int t = 0; t < d; t++) m[t] = 0.2 + 0.6 * r.nextDouble();
        double[] v = new double[n * d];
        for (int i = 0; i < n; i++) {
            boolean background = i % 10 == 0;
            for (int t = 0; t < d; t++) {
                v[i * d + t] = background ? r.nextDouble() : means[i % blobs][t] + sigma * r.nextGaussian();
            }
        }
        return new ScaledFeatures(n, d, v);
    }

    private static double distanceSquared(double[] a, int ao, double[] b, int bo, int d) {
        double s = 0;
        for (int t = 0; t < d; t++) s += (a[ao + t] - b[bo + t]) * (a[ao + t] - b[bo + t]);
        return s;
    }

    /** Lloyd's algorithm as in a textbook: every point against every centre, every iteration. */
    private static int[] plainLloyd(ScaledFeatures x, double[] start, int maxIterations, int[] iterationsDone) {
        int n = x.n, d = x.d, k = start.length / d;
        double[] c = start.clone();
        int[] label = new int[n];
        Arrays.fill(label, -1);
        for (int it = 1; it <= maxIterations + 1; it++) {
            int changed = 0;
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestD = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double dd = distanceSquared(x.values, i * d, c, j * d, d);
                    if (dd < bestD) {
                        bestD = dd;
                        best = j;
                    }
                }
                if (label[i] != best) changed++;
                label[i] = best;
            }
            if (changed == 0) {
                iterationsDone[0] = it - 1;
                return label;
            }
            if (it == maxIterations + 1) break;
            double[] sum = new double[k * d];
            int[] count = new int[k];
            for (int i = 0; i < n; i++) {
                count[label[i]]++;
                for (int t = 0; t < d; t++) sum[label[i] * d + t] += x.values[i * d + t];
            }
            for (int j = 0; j < k; j++) {
                if (count[j] == 0) throw new AssertionError("the fixture must not empty a cluster");
                for (int t = 0; t < d; t++) c[j * d + t] = sum[j * d + t] / count[j];
            }
        }
        iterationsDone[0] = maxIterations;
        return label;
    }

    @Test
    void boundedIterationsGiveTheAssignmentsOfPlainLloyd() {
        for (int d : new int[] {2, 16, 128}) {
            ScaledFeatures x = blobs(600, d, 6, 0.08, d);
            for (int k : new int[] {3, 6, 11}) {
                double[] start = Arrays.copyOf(x.values, k * d);
                int[] plainIterations = new int[1];
                int[] plain = plainLloyd(x, start, 100, plainIterations);
                for (boolean elkan : new boolean[] {true, false}) {
                    KMeans.Partition p = KMeans.runFrom(x, start, 100, elkan);
                    String what = "d " + d + " k " + k + (elkan ? " Elkan" : " Hamerly");
                    assertArrayEquals(plain, p.labels(), what);
                    assertTrue(p.converged(), what);
                    // both count the update steps: means, then the assignment step they lead to
                    assertEquals(plainIterations[0], p.iterations(), what);
                }
            }
        }
    }

    @Test
    void seedingDrawsTheCentresOfPlainKMeansPlusPlus() {
        ScaledFeatures x = blobs(500, 8, 5, 0.05, 9);
        for (int k : new int[] {1, 2, 5, 12}) {
            // the same draws from the same generator, without any skipping
            SplittableRandom random = new SplittableRandom(77);
            int n = x.n, d = x.d;
            double[] nearest = new double[n];
            int first = random.nextInt(n);
            int[] picks = new int[k];
            picks[0] = first;
            for (int i = 0; i < n; i++) nearest[i] = distanceSquared(x.values, i * d, x.values, first * d, d);
            for (int c = 1; c < k; c++) {
                double total = Arrays.stream(nearest).sum();
                double target = random.nextDouble() * total, cum = 0;
                int pick = -1;
                for (int i = 0; i < n; i++) {
                    if (nearest[i] <= 0) continue;
                    pick = i;
                    cum += nearest[i];
                    if (cum > target) break;
                }
                picks[c] = pick;
                for (int i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], distanceSquared(x.values, i * d, x.values, pick * d, d));
            }
            for (boolean elkan : new boolean[] {true, false}) {
                KMeansPlusPlus.Seeds seeds = KMeansPlusPlus.seed(x, k, new SplittableRandom(77), elkan);
                assertEquals(k, seeds.k());
                for (int c = 0; c < k; c++) {
                    assertArrayEquals(Arrays.copyOfRange(x.values, picks[c] * d, picks[c] * d + d),
                            Arrays.copyOfRange(seeds.centres(), c * d, c * d + d), "k " + k + " centre " + c);
                }
                for (int i = 0; i < n; i++) {
                    assertEquals(Math.sqrt(nearest[i]), seeds.upper()[i], 1e-12);
                    double exact = Math.sqrt(distanceSquared(x.values, i * d, seeds.centres(), seeds.label()[i] * d, d));
                    assertEquals(exact, seeds.upper()[i], 1e-12, "label is the nearest centre");
                    for (int j = 0; j < k; j++) {
                        double dj = Math.sqrt(distanceSquared(x.values, i * d, seeds.centres(), j * d, d));
                        if (j != seeds.label()[i]) assertTrue(seeds.lowerOther()[i] <= dj + 1e-12);
                        if (elkan) assertTrue(seeds.lowerEach()[i * k + j] <= dj + 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void anEmptyClusterIsReseededAtTheFarthestPoint() {
        // two groups on a line; the second start centre is so far away that no point takes it
        double[] v = {0.0, 0.01, 0.02, 0.03, 0.9, 0.91, 0.92};
        ScaledFeatures x = new ScaledFeatures(7, 1, v);
        for (boolean elkan : new boolean[] {true, false}) {
            KMeans.Partition p = KMeans.runFrom(x, new double[] {0.0, 50.0}, 100, elkan);
            assertEquals(2, p.k());
            assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1}, p.labels());
            double means = 0;
            double m0 = 0.015, m1 = 0.91;
            for (int i = 0; i < 4; i++) means += (v[i] - m0) * (v[i] - m0);
            for (int i = 4; i < 7; i++) means += (v[i] - m1) * (v[i] - m1);
            assertEquals(means, p.withinSumOfSquares(), 1e-15);
        }
    }

    @Test
    void fewerDistinctPointsThanKGiveFewerClusters() {
        double[] v = {0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1};
        ScaledFeatures x = new ScaledFeatures(6, 2, v);
        KMeans.Partition p = KMeans.run(x, 4, 5, 100);
        assertEquals(2, p.k());
        assertEquals(0, p.withinSumOfSquares());
        assertEquals(p.labels()[0], p.labels()[2]);
        assertTrue(p.labels()[0] != p.labels()[1]);
    }

    @Test
    void kEqualToNPutsEveryPointInItsOwnCluster() {
        ScaledFeatures x = blobs(40, 3, 2, 0.1, 4);
        KMeans.Partition p = KMeans.run(x, 40, 1, 100);
        assertEquals(40, p.k());
        assertEquals(40, Arrays.stream(p.labels()).distinct().count());
        assertEquals(0, p.withinSumOfSquares(), 1e-24);
    }

    @Test
    void onePointAndOneCluster() {
        ScaledFeatures x = new ScaledFeatures(1, 3, new double[] {0.2, 0.4, 0.6});
        KMeans.Partition p = KMeans.run(x, 1, 1, 100);
        assertArrayEquals(new int[] {0}, p.labels());
        assertEquals(0, p.withinSumOfSquares());
        KMeans.Partition many = KMeans.run(x, 5, 1, 100);
        assertEquals(1, many.k());
    }

    @Test
    void theSumOfSquaresIsAboutTheClusterMeans() {
        ScaledFeatures x = blobs(400, 5, 4, 0.05, 2);
        KMeans.Partition p = KMeans.run(x, 4, 3, 100);
        double[] sum = new double[4 * 5];
        int[] count = new int[4];
        for (int i = 0; i < 400; i++) {
            count[p.labels()[i]]++;
            for (int t = 0; t < 5; t++) sum[p.labels()[i] * 5 + t] += x.values[i * 5 + t];
        }
        double ss = 0;
        for (int i = 0; i < 400; i++) {
            int j = p.labels()[i];
            for (int t = 0; t < 5; t++) ss += Math.pow(x.values[i * 5 + t] - sum[j * 5 + t] / count[j], 2);
        }
        assertEquals(ss, p.withinSumOfSquares(), 1e-9 * ss);
    }

    @Test
    void theIterationCapStopsARun() {
        ScaledFeatures x = blobs(600, 16, 6, 0.3, 8);
        KMeans.Partition p = KMeans.run(x, 9, 1, 1);
        assertEquals(1, p.iterations());
        assertEquals(false, p.converged());
    }
}
