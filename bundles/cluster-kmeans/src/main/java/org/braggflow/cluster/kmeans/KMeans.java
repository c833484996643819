package org.braggflow.cluster.kmeans;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * One seeded k-means run (docs/method.md, section 7): k-means++ seeding, then Lloyd's iterations until no
 * point changes cluster or the iteration cap is reached.
 *
 * <p>Hand-written rather than taken from a library on purpose. The elbow rule runs k-means for every
 * k = 1 .. ceil(sqrt(n)), three times each: for 28,000 positions of 512-d codewords that is about
 * 500 runs with up to 168 centres. commons-math3's KMeansPlusPlusClusterer does plain Lloyd over
 * boxed point objects, measuring every point against every centre in every iteration through a
 * distance-measure object, and returns point lists rather than labels; embedding it with bnd would
 * not pay for itself. Here Lloyd's assignment step skips the distances that the triangle
 * inequality rules out, which gives the same assignments as plain Lloyd:
 * <ul>
 * <li>Elkan's bounds (C. Elkan, "Using the triangle inequality to accelerate k-means", ICML 2003):
 * per point an upper bound u(i) >= |x_i - c_a(i)| and a lower bound l(i, j) <= |x_i - c_j| for every
 * centre; c_j is skipped when u(i) <= l(i, j) or u(i) <= |c_a(i) - c_j| / 2. In 512-d, where points of
 * one domain are nearly equidistant from the centres that split it, this still skips the centres of
 * all other domains. The bounds take n x k floats, so they are used up to {@link #PER_CENTRE_BOUNDS}.</li>
 * <li>Hamerly's bounds beyond that (G. Hamerly, "Making k-means even faster", SDM 2010): one lower
 * bound per point for all other centres, l(i) <= min_{j != a(i)} |x_i - c_j|; the full scan is skipped
 * when u(i) <= max(l(i), s(a(i))), s(j) half the distance from c_j to its nearest other centre.</li>
 * </ul>
 *
 * <p>Edge cases: a cluster left empty is re-seeded at the point farthest from its centre (MATLAB's
 * 'singleton' empty action); when every point lies on a centre (fewer distinct points than k) the
 * empty cluster is dropped, so a run may return fewer than k clusters.
 */
final class KMeans {

    /** Most n x k per-centre bounds a run keeps (32 MB of floats); above it Hamerly's n bounds are used. */
    static final long PER_CENTRE_BOUNDS = 1L << 23;

    /**
     * The outcome of one run: labels 0 .. k-1 per point (a label may be unused only when the
     * iteration cap stopped the run), the total within-cluster sum of squares about the cluster
     * means, and the Lloyd iterations done.
     */
    record Partition(int[] labels, int k, double withinSumOfSquares, int iterations, boolean converged) {
    }

    private final ScaledFeatures x;
    private final int n;
    private final int d;
    private final boolean elkan;
    private int k;
    private double[] centres;
    private final int[] label;
    private final double[] upper;
    /** Hamerly: per point, lower bound of the distance to every centre but its own. */
    private final double[] lowerOther;
    /** Elkan: point i, centre j at i * k + j, lower bound of their distance. */
    private float[] lowerEach;
    private double[] sums;
    private int[] counts;

    private KMeans(ScaledFeatures x, KMeansPlusPlus.Seeds seeds, boolean elkan) {
        this.x = x;
        this.n = x.n;
        this.d = x.d;
        this.elkan = elkan;
        this.k = seeds.k();
        this.centres = seeds.centres();
        this.label = seeds.label();
        this.upper = seeds.upper();
        this.lowerOther = seeds.lowerOther();
        this.lowerEach = seeds.lowerEach();
    }

    /** A k-means++ seeded run with k centres (fewer when there are fewer distinct points). */
    static Partition run(ScaledFeatures x, int k, long seed, int maxIterations) {
        if (x.n == 0 || k < 1) throw new IllegalArgumentException("k-means needs points and k >= 1, got n = " + x.n + ", k = " + k);
        int wanted = Math.min(k, x.n);
        boolean elkan = (long) x.n * wanted <= PER_CENTRE_BOUNDS;
        KMeansPlusPlus.Seeds seeds = KMeansPlusPlus.seed(x, wanted, new SplittableRandom(seed), elkan);
        return new KMeans(x, seeds, elkan).iterate(maxIterations);
    }

    /**
     * A run from given initial centres (row-major, d columns), e.g. to reproduce a case in a test.
     *
     * @param elkan per-centre bounds (true) or one bound per point (false)
     */
    static Partition runFrom(ScaledFeatures x, double[] initialCentres, int maxIterations, boolean elkan) {
        int k = initialCentres.length / x.d;
        KMeansPlusPlus.Seeds start = new KMeansPlusPlus.Seeds(initialCentres.clone(), k, new int[x.n], new double[x.n],
                new double[x.n], elkan ? new float[x.n * k] : null);
        KMeans m = new KMeans(x, start, elkan);
        m.assignAll();
        return m.iterate(maxIterations);
    }

    private Partition iterate(int maxIterations) {
        rebuildSums();
        int iterations = 0;
        boolean converged = false;
        while (iterations < maxIterations) {
            // a stopped workflow interrupts the stage; a long sweep should not run on unseen
            if (Thread.currentThread().isInterrupted()) throw new CancellationException("k-means interrupted");
            iterations++;
            boolean reseeded = fillEmptyClusters();
            moveCentresToMeans();
            int changed = elkan ? reassignElkan() : reassignHamerly();
            if (changed == 0 && !reseeded) {
                converged = true;
                break;
            }
        }
        return finish(iterations, converged);
    }

    /**
     * Re-seeds each empty cluster at the point farthest from its centre, which then forms a cluster
     * of its own (or drops it when no point is off its centre); then all points are assigned afresh,
     * since a new centre invalidates the bounds. Returns whether any cluster was empty.
     */
    private boolean fillEmptyClusters() {
        if (firstEmpty() < 0) return false;
        double[] far = new double[n];
        for (int i = 0; i < n; i++) far[i] = x.distanceSquared(i, centres, label[i]);
        for (int j = firstEmpty(); j >= 0; j = firstEmpty()) {
            int farthest = 0;
            for (int i = 1; i < n; i++) if (far[i] > far[farthest]) farthest = i;
            if (!(far[farthest] > 0)) {
                dropCluster(j);
                continue;
            }
            counts[label[farthest]]--;
            label[farthest] = j;
            counts[j]++;
            System.arraycopy(x.values, farthest * d, centres, j * d, d);
            // duplicates of the new centre are no longer far from a centre
            for (int i = 0; i < n; i++) far[i] = Math.min(far[i], x.distanceSquared(i, centres, j));
        }
        assignAll();
        rebuildSums();
        return true;
    }

    private int firstEmpty() {
        for (int j = 0; j < k; j++) if (counts[j] == 0) return j;
        return -1;
    }

    /** Removes empty cluster j: the last cluster takes its index. Only happens when all points lie on centres. */
    private void dropCluster(int j) {
        int last = k - 1;
        if (j != last) {
            System.arraycopy(centres, last * d, centres, j * d, d);
            counts[j] = counts[last];
            for (int i = 0; i < n; i++) if (label[i] == last) label[i] = j;
        }
        k = last;
        centres = Arrays.copyOf(centres, k * d);
        counts = Arrays.copyOf(counts, k);
        if (elkan) lowerEach = new float[n * k];
        // the caller then assigns every point afresh, which rebuilds bounds and sums for the new k
    }

    /** Lloyd's update step, then every bound moved by how far its centre moved. */
    private void moveCentresToMeans() {
        double[] moved = new double[k];
        double[] mean = new double[d];
        for (int j = 0; j < k; j++) {
            if (counts[j] == 0) continue;
            for (int t = 0; t < d; t++) mean[t] = sums[j * d + t] / counts[j];
            moved[j] = Math.sqrt(ScaledFeatures.distanceSquared(mean, 0, centres, j * d, d));
            System.arraycopy(mean, 0, centres, j * d, d);
        }
        for (int i = 0; i < n; i++) upper[i] += moved[label[i]];
        if (elkan) {
            for (int i = 0; i < n; i++) {
                for (int j = 0, at = i * k; j < k; j++, at++) {
                    lowerEach[at] = KMeansPlusPlus.roundDown(Math.max(0, lowerEach[at] - moved[j]));
                }
            }
        } else {
            int farthestMover = 0;
            for (int j = 1; j < k; j++) if (moved[j] > moved[farthestMover]) farthestMover = j;
            double secondMove = 0;
            for (int j = 0; j < k; j++) if (j != farthestMover) secondMove = Math.max(secondMove, moved[j]);
            for (int i = 0; i < n; i++) lowerOther[i] -= label[i] == farthestMover ? secondMove : moved[farthestMover];
        }
    }

    /** Distances between centres, k x k. */
    private double[] centreDistances() {
        double[] cc = new double[k * k];
        for (int j = 0; j < k; j++) {
            for (int j2 = j + 1; j2 < k; j2++) {
                double dist = Math.sqrt(ScaledFeatures.distanceSquared(centres, j * d, centres, j2 * d, d));
                cc[j * k + j2] = dist;
                cc[j2 * k + j] = dist;
            }
        }
        return cc;
    }

    /** s(j): half the distance from centre j to its nearest other centre (infinite when k = 1). */
    private double[] halfGap(double[] cc) {
        double[] gap = new double[k];
        for (int j = 0; j < k; j++) {
            double m = Double.POSITIVE_INFINITY;
            for (int j2 = 0; j2 < k; j2++) if (j2 != j) m = Math.min(m, cc[j * k + j2]);
            gap[j] = 0.5 * m;
        }
        return gap;
    }

    /** Lloyd's assignment step with Elkan's bounds; returns how many points changed cluster. */
    private int reassignElkan() {
        double[] cc = centreDistances();
        double[] s = halfGap(cc);
        int changed = 0;
        for (int i = 0; i < n; i++) {
            int a = label[i];
            double u = upper[i];
            if (u <= s[a]) continue;
            boolean tight = false;
            int row = i * k;
            for (int j = 0; j < k; j++) {
                if (j == a || u <= lowerEach[row + j] || u <= 0.5 * cc[a * k + j]) continue;
                if (!tight) {
                    u = Math.sqrt(x.distanceSquared(i, centres, a));
                    lowerEach[row + a] = KMeansPlusPlus.roundDown(u);
                    tight = true;
                    if (u <= lowerEach[row + j] || u <= 0.5 * cc[a * k + j]) continue;
                }
                double dj = Math.sqrt(x.distanceSquared(i, centres, j));
                lowerEach[row + j] = KMeansPlusPlus.roundDown(dj);
                if (dj < u) {
                    a = j;
                    u = dj;
                }
            }
            upper[i] = u;
            if (a != label[i]) {
                move(i, label[i], a);
                changed++;
            }
        }
        return changed;
    }

    /** Lloyd's assignment step with Hamerly's bounds; returns how many points changed cluster. */
    private int reassignHamerly() {
        double[] s = halfGap(centreDistances());
        int changed = 0;
        for (int i = 0; i < n; i++) {
            int a = label[i];
            double bound = Math.max(s[a], lowerOther[i]);
            if (upper[i] <= bound) continue;
            upper[i] = Math.sqrt(x.distanceSquared(i, centres, a));
            if (upper[i] <= bound) continue;
            int best = scanAll(i);
            if (best != a) {
                move(i, a, best);
                changed++;
            }
        }
        return changed;
    }

    private void move(int i, int from, int to) {
        label[i] = to;
        counts[from]--;
        counts[to]++;
        int off = i * d;
        for (int t = 0; t < d; t++) {
            sums[from * d + t] -= x.values[off + t];
            sums[to * d + t] += x.values[off + t];
        }
    }

    /** Measures point i against every centre: exact bounds, and its nearest centre (the lower index on ties). */
    private int scanAll(int i) {
        double best = Double.POSITIVE_INFINITY, second = Double.POSITIVE_INFINITY;
        int bestJ = 0;
        for (int j = 0; j < k; j++) {
            double dd = x.distanceSquared(i, centres, j);
            if (elkan) lowerEach[i * k + j] = KMeansPlusPlus.roundDown(Math.sqrt(dd));
            if (dd < best) {
                second = best;
                best = dd;
                bestJ = j;
            } else if (dd < second) {
                second = dd;
            }
        }
        upper[i] = Math.sqrt(best);
        lowerOther[i] = Math.sqrt(second);
        return bestJ;
    }

    private void assignAll() {
        for (int i = 0; i < n; i++) label[i] = scanAll(i);
    }

    private void rebuildSums() {
        sums = new double[k * d];
        counts = new int[k];
        for (int i = 0; i < n; i++) {
            int j = label[i];
            counts[j]++;
            int off = i * d;
            for (int t = 0; t < d; t++) sums[j * d + t] += x.values[off + t];
        }
    }

    /**
     * The sum of squares is measured about the means of the final assignment, recomputed from
     * scratch, so the running sums' rounding does not reach the elbow curve.
     */
    private Partition finish(int iterations, boolean converged) {
        rebuildSums();
        double[] means = new double[k * d];
        for (int j = 0; j < k; j++) {
            for (int t = 0; t < d && counts[j] > 0; t++) means[j * d + t] = sums[j * d + t] / counts[j];
        }
        double ss = 0;
        for (int i = 0; i < n; i++) ss += x.distanceSquared(i, means, label[i]);
        return new Partition(label.clone(), k, ss, iterations, converged);
    }
}
