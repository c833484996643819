package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The kNN graph and the 12-d encoder input. */
class KnnGraphTest {

    private static List<String> lines(String resource, boolean gzip) throws IOException {
        var in = KnnGraphTest.class.getResourceAsStream(resource);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(gzip ? new GZIPInputStream(in) : in, StandardCharsets.UTF_8))) {
            return r.lines().filter(l -> !l.startsWith("#")).toList();
        }
    }

    @Test
    void exactOrderIsByDistanceThenIndexWithThePointItselfFirst() {
        Random r = new Random(4);
        int n = 300, k = 12;
        double[] xyz = new double[3 * n];
        for (int i = 0; i < xyz.length; i++) xyz[i] = r.nextInt(5);   // a coarse grid: many equal distances and duplicates
        int[] nb = KnnGraph.neighbours(xyz, k);
        for (int i = 0; i < n; i++) {
            int p = i;
            Integer[] all = new Integer[n];
            for (int j = 0; j < n; j++) all[j] = j;
            Arrays.sort(all, Comparator.<Integer>comparingDouble(j -> d2(xyz, p, j)).thenComparingInt(j -> j));
            for (int j = 0; j < k; j++) assertEquals((int) all[j], nb[i * k + j], "point " + i + " rank " + j);
        }
        double[] spread = new double[3 * n];
        for (int i = 0; i < spread.length; i++) spread[i] = r.nextGaussian();
        int[] own = KnnGraph.neighbours(spread, k);
        for (int i = 0; i < n; i++) assertEquals(i, own[i * k], "without duplicates a point is its own first neighbour");
    }

    private static double d2(double[] xyz, int a, int b) {
        double s = 0;
        for (int c = 0; c < 3; c++) s += (xyz[3 * a + c] - xyz[3 * b + c]) * (xyz[3 * a + c] - xyz[3 * b + c]);
        return s;
    }

    /** The pruned search returns what ranking every point of a real cloud by (distance, index) does. */
    @Test
    void exactOrderOfARealCloudMatchesBruteForce() throws IOException {
        double[] cloud = ReferenceData.cloud("pixel-1050");
        int n = cloud.length / 3, k = 32;
        int[] nb = KnnGraph.neighbours(cloud, k);
        for (int i = 0; i < n; i += 7) {
            int p = i;
            Integer[] all = new Integer[n];
            for (int j = 0; j < n; j++) all[j] = j;
            Arrays.sort(all, Comparator.<Integer>comparingDouble(j -> d2(cloud, p, j)).thenComparingInt(j -> j));
            for (int j = 0; j < k; j++) assertEquals((int) all[j], nb[i * k + j], "point " + i + " rank " + j);
        }
    }

    /** Rows of float32 scores full of exact ties, with the indices torch's topk returned for them. */
    @Test
    void referenceTopKKeepsTorchsOrderOfTies() throws IOException {
        for (String line : lines("topk-ties.txt", false)) {
            String[] halves = line.split("\\|");
            String[] head = halves[0].trim().split(" ");
            int k = Integer.parseInt(head[0]), n = Integer.parseInt(head[1]);
            float[] score = new float[n];
            for (int i = 0; i < n; i++) score[i] = Float.parseFloat(head[2 + i]);
            int[] expected = Arrays.stream(halves[1].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(expected, ReferenceTopK.largest(score, k), line);
        }
    }

    /** The real cloud pixel-150 has hundreds of near-duplicate points; torch's graph must come out exactly. */
    @Test
    void referenceOrderReproducesTorchsGraphOfARealCloud() throws IOException {
        double[] cloud = ReferenceData.cloud("pixel-150");
        int[] nb = KnnGraph.neighbours(cloud, 32, NeighbourOrder.REFERENCE);
        List<String> rows = lines("pixel-150.torch-knn32.txt.gz", true);
        int selfNotFirst = 0;
        for (int i = 0; i < rows.size(); i++) {
            int[] expected = Arrays.stream(rows.get(i).trim().split(" ")).mapToInt(Integer::parseInt).toArray();
            assertArrayEquals(expected, Arrays.copyOfRange(nb, 32 * i, 32 * i + 32), "point " + i);
            if (expected[0] != i) selfNotFirst++;
        }
        assertEquals(37, selfNotFirst, "points whose first reference neighbour is another point");
    }

    @Test
    void localMatrices() {
        double[] xyz = {1, 2, 3, 4, 6, 8, 0, 0, 1};
        int[] nb = {0, 1, 2, 1, 0, 2, 2, 0, 1};
        double[] outer = KnnGraph.inputFeatures(xyz, nb, 3, LocalMatrix.OUTER_PRODUCT);
        // point 1: its first two neighbours are 1 and 0: p1 p0^T
        assertArrayEquals(new double[] {4, 6, 8, 4, 8, 12, 6, 12, 18, 8, 16, 24}, Arrays.copyOfRange(outer, 12, 24), 0);
        double[] cov = KnnGraph.inputFeatures(xyz, nb, 3, LocalMatrix.COVARIANCE);
        // all three points: mean (5/3, 8/3, 4); covariance (1/3) sum (p - m)(p - m)^T
        double[][] p = {{1, 2, 3}, {4, 6, 8}, {0, 0, 1}};
        double[] m = {5.0 / 3, 8.0 / 3, 4};
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                double s = 0;
                for (double[] q : p) s += (q[a] - m[a]) * (q[b] - m[b]);
                assertEquals(s / 3, cov[3 + 3 * a + b], 1e-12);
            }
        }
        assertArrayEquals(new double[] {1, 2, 3}, Arrays.copyOfRange(cov, 0, 3), 0);
    }
}
