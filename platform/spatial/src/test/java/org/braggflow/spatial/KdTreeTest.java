package org.braggflow.spatial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KdTreeTest {

    private static float[] randomCloud(int n, long seed) {
        Random r = new Random(seed);
        float[] xyz = new float[3 * n];
        for (int i = 0; i < xyz.length; i++) xyz[i] = (float) (r.nextGaussian() * 10);
        // duplicates and ties, which real thresholded clouds have (integer detector coordinates)
        for (int i = 0; i < n / 10; i++) System.arraycopy(xyz, 0, xyz, 3 * (n - 1 - i), 3);
        return xyz;
    }

    /** The voxels of a cube of side n, as a thresholded detector volume gives them: many equal distances. */
    private static float[] voxelCube(int n) {
        float[] voxels = new float[3 * n * n * n];
        int p = 0;
        for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) for (int c = 0; c < n; c++) {
            voxels[p++] = a;
            voxels[p++] = b;
            voxels[p++] = c;
        }
        return voxels;
    }

    private static double d2(float[] p, int i, float x, float y, float z) {
        double dx = p[3 * i] - x, dy = p[3 * i + 1] - y, dz = p[3 * i + 2] - z;
        return dx * dx + dy * dy + dz * dz;
    }

    @Test
    void nearestMatchesBruteForceIncludingTieOrder() {
        float[] xyz = randomCloud(3000, 1);
        KdTree tree = new KdTree(xyz);
        Neighbours nb = new Neighbours();
        Random r = new Random(2);
        for (int q = 0; q < 200; q++) {
            int self = r.nextInt(3000);
            float x = xyz[3 * self], y = xyz[3 * self + 1], z = xyz[3 * self + 2];
            int k = 1 + r.nextInt(60);
            tree.nearest(x, y, z, k, self, nb);
            List<Integer> all = new ArrayList<>();
            for (int i = 0; i < 3000; i++) if (i != self) all.add(i);
            all.sort(Comparator.<Integer>comparingDouble(i -> d2(xyz, i, x, y, z)).thenComparingInt(i -> i));
            assertEquals(k, nb.size());
            for (int i = 0; i < k; i++) {
                assertEquals(all.get(i), nb.index(i), "query " + q + " rank " + i);
                assertEquals(d2(xyz, all.get(i), x, y, z), nb.distanceSquared(i), 1e-9);
            }
        }
    }

    @Test
    void radiusMatchesBruteForce() {
        float[] xyz = randomCloud(2000, 3);
        KdTree tree = new KdTree(xyz);
        IntList out = new IntList();
        for (int q = 0; q < 50; q++) {
            out.clear();
            float x = xyz[3 * q], y = xyz[3 * q + 1], z = xyz[3 * q + 2];
            tree.withinRadius(x, y, z, 4.0, out);
            Set<Integer> got = new HashSet<>();
            for (int i = 0; i < out.size(); i++) got.add(out.get(i));
            Set<Integer> want = new HashSet<>();
            for (int i = 0; i < 2000; i++) if (d2(xyz, i, x, y, z) <= 16.0) want.add(i);
            assertEquals(want, got);
        }
    }

    @Test
    void fewerPointsThanKGivesAllOfThem() {
        KdTree tree = new KdTree(new float[] {0, 0, 0, 1, 0, 0, 2, 0, 0});
        Neighbours nb = new Neighbours();
        tree.nearest(0, 0, 0, 10, 0, nb);
        assertEquals(2, nb.size());
        assertEquals(1, nb.index(0));
        assertEquals(2, nb.index(1));
    }

    @Test
    void meanNeighbourDistancesMatchBruteForce() {
        for (int n : new int[] {1, 2, 50, 5000}) {
            float[] xyz = randomCloud(n, 5 + n);
            KdTree tree = new KdTree(xyz);
            for (int k : new int[] {1, 7, 100}) {
                double[] serial = tree.meanNeighbourDistances(k, false);
                double[] parallel = tree.meanNeighbourDistances(k, true);
                int kk = Math.min(k, n - 1);
                for (int q = 0; q < n; q++) {
                    double[] d = new double[n - 1];
                    int m = 0;
                    for (int i = 0; i < n; i++) if (i != q) d[m++] = Math.sqrt(d2(xyz, i, xyz[3 * q], xyz[3 * q + 1], xyz[3 * q + 2]));
                    java.util.Arrays.sort(d);
                    double want = 0;
                    for (int i = 0; i < kk; i++) want += d[i];
                    want = kk == 0 ? 0 : want / kk;
                    assertEquals(want, serial[q], 1e-9 * Math.max(1, want), "n " + n + " k " + k + " point " + q);
                    assertEquals(serial[q], parallel[q], 0.0);
                }
            }
        }
    }

    /**
     * A voxel cloud, every point twice: distances tie everywhere (runs of equal values for the
     * selection, duplicates at distance 0) and the next point's radius guess often falls short.
     */
    @Test
    void meanNeighbourDistancesOnDuplicatedVoxelsMatchBruteForce() {
        int side = 9;
        float[] xyz = new float[2 * 3 * side * side * side];
        int p = 0;
        for (int copy = 0; copy < 2; copy++) {
            for (int a = 0; a < side; a++) for (int b = 0; b < side; b++) for (int c = 0; c < side; c++) {
                xyz[p++] = a;
                xyz[p++] = b;
                xyz[p++] = c;
            }
        }
        int n = xyz.length / 3;
        double[] mean = new KdTree(xyz).meanNeighbourDistances(100, false);
        for (int q = 0; q < n; q += 7) {
            double[] d = new double[n - 1];
            int m = 0;
            for (int i = 0; i < n; i++) if (i != q) d[m++] = Math.sqrt(d2(xyz, i, xyz[3 * q], xyz[3 * q + 1], xyz[3 * q + 2]));
            java.util.Arrays.sort(d);
            double want = 0;
            for (int i = 0; i < 100; i++) want += d[i];
            assertEquals(want / 100, mean[q], 1e-12 * want, "point " + q);
        }
    }

    /** A guessed radius changes nothing: same points, same order (ties by index), whether it holds k points or not. */
    @Test
    void nearestWithARadiusGuessEqualsTheSearch() {
        float[] voxels = voxelCube(8);
        for (float[] xyz : new float[][] {randomCloud(3000, 11), voxels}) {
            KdTree tree = new KdTree(xyz);
            int n = xyz.length / 3;
            Neighbours want = new Neighbours(), got = new Neighbours();
            java.util.Random random = new java.util.Random(5);
            for (int q = 0; q < n; q += 3) {
                for (int k : new int[] {1, 6, 50}) {
                    int exclude = random.nextBoolean() ? q : -1;
                    tree.nearest(xyz[3 * q], xyz[3 * q + 1], xyz[3 * q + 2], k, exclude, want);
                    double kth = Math.sqrt(want.distanceSquared(want.size() - 1));
                    for (double radius : new double[] {0.5 * kth, kth, 1.3 * kth, 100 * kth + 1}) {
                        tree.nearest(xyz[3 * q], xyz[3 * q + 1], xyz[3 * q + 2], k, exclude, radius, got);
                        assertEquals(want.size(), got.size());
                        for (int j = 0; j < want.size(); j++) {
                            assertEquals(want.index(j), got.index(j), "point " + q + " k " + k + " radius " + radius + " neighbour " + j);
                            assertEquals(want.distanceSquared(j), got.distanceSquared(j), 0.0);
                        }
                    }
                }
            }
        }
    }

    /**
     * An unsorted buffer holds the same k points as a sorted one, ties at the k-th distance settled
     * alike, and the same k-th distance, whatever the radius tried; neighbours asked for in turn, sorted
     * or not, give that set too.
     */
    @Test
    void unsortedNeighboursAreTheSameSet() {
        float[] voxels = voxelCube(8);
        for (float[] xyz : new float[][] {randomCloud(3000, 12), voxels}) {
            KdTree tree = new KdTree(xyz);
            int n = xyz.length / 3;
            Neighbours want = new Neighbours(), got = new Neighbours(false);
            NeighboursInTurn inTurn = new NeighboursInTurn(xyz, tree, 50, true, false);
            int unordered = 0;
            for (int q = 0; q < n; q++) {
                tree.nearest(xyz[3 * q], xyz[3 * q + 1], xyz[3 * q + 2], 50, -1, want);
                double kth = want.distanceSquared(want.size() - 1);
                for (double radius : new double[] {0.5 * Math.sqrt(kth), 1.3 * Math.sqrt(kth)}) {
                    tree.nearest(xyz[3 * q], xyz[3 * q + 1], xyz[3 * q + 2], 50, -1, radius, got);
                    assertEquals(setOf(want), setOf(got), "point " + q + " radius " + radius);
                    assertEquals(kth, got.farthestDistanceSquared(), 0.0);
                    for (int j = 1; j < got.size(); j++) if (got.distanceSquared(j) < got.distanceSquared(j - 1)) unordered++;
                }
                Neighbours turn = inTurn.of(q);
                assertEquals(setOf(want), setOf(turn), "point " + q + " in turn");
                assertEquals(kth, turn.farthestDistanceSquared(), 0.0);
            }
            if (xyz != voxels) assertTrue(unordered > 0, "the unsorted buffer came sorted every time: nothing saved");
        }
    }

    private static Set<Integer> setOf(Neighbours nb) {
        Set<Integer> set = new HashSet<>();
        for (int j = 0; j < nb.size(); j++) set.add(nb.index(j));
        assertEquals(nb.size(), set.size(), "a point listed twice");
        return set;
    }

    /** The selection behind the mean distances: the k smallest, ties and all, whatever k. */
    @Test
    void selectSmallestKeepsTheKSmallest() {
        java.util.Random random = new java.util.Random(3);
        for (int trial = 0; trial < 2000; trial++) {
            int m = 1 + random.nextInt(300);
            int k = 1 + random.nextInt(m);
            int distinct = 1 + random.nextInt(trial % 3 == 0 ? 3 : 1000);
            double[] a = new double[m];
            for (int i = 0; i < m; i++) a[i] = random.nextInt(distinct);
            double[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            KdTree.selectSmallest(a, m, k);
            double[] head = java.util.Arrays.copyOf(a, k);
            java.util.Arrays.sort(head);
            assertArrayEquals(java.util.Arrays.copyOf(sorted, k), head, 0.0, "m " + m + " k " + k + " distinct " + distinct);
            double[] all = a.clone();
            java.util.Arrays.sort(all);
            assertArrayEquals(sorted, all, 0.0, "the values are only moved");
        }
    }

    /**
     * Oriented boxes of random orientation and shape (flat slabs to cubes) around cloud points: exactly
     * the points within the box by brute force (away from its faces, where the query may add a point a
     * rounding error outside), listed in the order a ball around the box lists them.
     */
    @Test
    void boxMatchesBruteForceInTheOrderOfABallAroundIt() {
        float[] xyz = randomCloud(3000, 5);
        KdTree tree = new KdTree(xyz);
        Random r = new Random(6);
        for (int q = 0; q < 200; q++) {
            int centre = r.nextInt(3000);
            float x = xyz[3 * centre], y = xyz[3 * centre + 1], z = xyz[3 * centre + 2];
            double[] axes = randomRotation(r);
            double[] extents = {1 + 10 * r.nextDouble(), 1 + 10 * r.nextDouble(), 0.5 + 5 * r.nextDouble()};
            IntList box = new IntList();
            int found = tree.withinBox(x, y, z, axes, extents, box);
            Set<Integer> inside = new HashSet<>();
            for (int i = 0; i < 3000; i++) if (inBox(xyz, i, x, y, z, axes, extents, 0)) inside.add(i);
            Set<Integer> got = new HashSet<>();
            for (int k = 0; k < found; k++) got.add(box.get(k));
            assertEquals(inside, got, "query " + q);
            IntList ball = new IntList();
            int m = tree.withinRadius(x, y, z, Math.sqrt(extents[0] * extents[0] + extents[1] * extents[1] + extents[2] * extents[2]) + 1e-3, ball);
            List<Integer> ballOrder = new ArrayList<>();
            for (int k = 0; k < m; k++) if (got.contains(ball.get(k))) ballOrder.add(ball.get(k));
            List<Integer> boxOrder = new ArrayList<>();
            for (int k = 0; k < found; k++) boxOrder.add(box.get(k));
            assertEquals(ballOrder, boxOrder, "query " + q + " order");
        }
    }

    /**
     * Shells between nested oriented boxes: the shell query lists the points of the outer box that are
     * not in the inner one (a point within a rounding error of the inner faces may come in both), in
     * the order the outer box query lists them, and together the shells of a growing box hold every
     * point of the largest box.
     */
    @Test
    void shellsOfAGrowingBoxListTheLargestBoxInOrder() {
        float[] xyz = randomCloud(3000, 7);
        KdTree tree = new KdTree(xyz);
        Random r = new Random(8);
        for (int q = 0; q < 100; q++) {
            int centre = r.nextInt(3000);
            float x = xyz[3 * centre], y = xyz[3 * centre + 1], z = xyz[3 * centre + 2];
            double[] axes = randomRotation(r);
            double grow = 1.2 + r.nextDouble();
            double[][] boxes = new double[4][];
            boxes[0] = new double[] {0.5 + 3 * r.nextDouble(), 0.5 + 3 * r.nextDouble(), 0.3 + 2 * r.nextDouble()};
            for (int b = 1; b < boxes.length; b++) {
                boxes[b] = new double[3];
                for (int k = 0; k < 3; k++) boxes[b][k] = boxes[b - 1][k] * (k == q % 3 ? 1 : grow);
            }
            IntList largest = new IntList();
            tree.withinBox(x, y, z, axes, boxes[boxes.length - 1], largest);
            List<Integer> largestOrder = new ArrayList<>();
            for (int k = 0; k < largest.size(); k++) largestOrder.add(largest.get(k));
            Set<Integer> union = new HashSet<>();
            for (int b = 0; b < boxes.length; b++) {
                IntList shell = new IntList();
                int found = b == 0 ? tree.withinBox(x, y, z, axes, boxes[0], shell)
                        : tree.withinBoxShell(x, y, z, axes, boxes[b - 1], boxes[b], shell);
                List<Integer> order = new ArrayList<>();
                for (int k = 0; k < found; k++) {
                    int i = shell.get(k);
                    order.add(i);
                    union.add(i);
                    if (b > 0) assertTrue(!inBox(xyz, i, x, y, z, axes, boxes[b - 1], 1e-4), "query " + q + " box " + b + ": point " + i + " is inside the inner box");
                    assertTrue(inBox(xyz, i, x, y, z, axes, boxes[b], -1e-4), "query " + q + " box " + b + ": point " + i + " is outside the box");
                }
                List<Integer> expected = new ArrayList<>(largestOrder);
                expected.retainAll(new HashSet<>(order));
                assertEquals(expected, order, "query " + q + " box " + b + ": the largest box's order");
            }
            assertEquals(new HashSet<>(largestOrder), union, "query " + q + ": the shells hold the largest box");
        }
    }

    /** Whether point i lies in the oriented box, its extents shrunk by the relative {@code margin} (grown when negative). */
    private static boolean inBox(float[] xyz, int i, float x, float y, float z, double[] axes, double[] extents, double margin) {
        double dx = xyz[3 * i] - x, dy = xyz[3 * i + 1] - y, dz = xyz[3 * i + 2] - z;
        boolean in = true;
        for (int k = 0; k < 3; k++) {
            in &= Math.abs(dx * axes[3 * k] + dy * axes[3 * k + 1] + dz * axes[3 * k + 2]) <= extents[k] * (1 - margin);
        }
        return in;
    }

    /** The rows of a random rotation matrix: three orthonormal axes. */
    private static double[] randomRotation(Random r) {
        double[] a = new double[9];
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) a[3 * k + i] = r.nextGaussian();
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int i = 0; i < 3; i++) dot += a[3 * k + i] * a[3 * j + i];
                for (int i = 0; i < 3; i++) a[3 * k + i] -= dot * a[3 * j + i];
            }
            double norm = Math.sqrt(a[3 * k] * a[3 * k] + a[3 * k + 1] * a[3 * k + 1] + a[3 * k + 2] * a[3 * k + 2]);
            for (int i = 0; i < 3; i++) a[3 * k + i] /= norm;
        }
        return a;
    }
}
