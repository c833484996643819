package org.braggflow.spatial;

/**
 * A compact, immutable 3-D kd-tree over a flat {@code x0,y0,z0,x1,...} array, for k-nearest-neighbour
 * and radius queries on clouds of a few thousand to a few hundred thousand points.
 *
 * <p>Written by hand rather than taken from a library: the tree is one permutation array plus a copy
 * of the coordinates in tree order (no node objects), so building 200k points allocates two arrays
 * and queries touch contiguous memory; queries allocate nothing when the caller reuses a
 * {@link Neighbours} buffer. The tree is read-only after construction, so any number of threads may
 * query it at once without locks.
 *
 * <p>Layout: an implicit balanced tree over index ranges. The node of range [lo, hi) is its middle
 * element; its left subtree is [lo, mid), its right (mid, hi); ranges of at most {@value #LEAF}
 * points are scanned linearly.
 */
public final class KdTree {

    private static final int LEAF = 12;

    private final float[] pts;      // coordinates in tree order
    private final int[] index;      // tree position -> original point index
    private final byte[] axis;      // split axis of the node stored at a tree position
    private final int n;

    public KdTree(float[] xyz) {
        if (xyz.length % 3 != 0) throw new IllegalArgumentException("coordinate count is not a multiple of 3");
        n = xyz.length / 3;
        index = new int[n];
        for (int i = 0; i < n; i++) index[i] = i;
        axis = new byte[n];
        float[] source = xyz;
        build(source, 0, n);
        pts = new float[3 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(source, 3 * index[i], pts, 3 * i, 3);
        }
    }

    public int size() {
        return n;
    }

    private void build(float[] src, int lo, int hi) {
        while (hi - lo > LEAF) {
            int a = widestAxis(src, lo, hi);
            int mid = (lo + hi) >>> 1;
            select(src, lo, hi - 1, mid, a);
            axis[mid] = (byte) a;
            if (mid - lo > hi - mid - 1) {
                build(src, mid + 1, hi);
                hi = mid;
            } else {
                build(src, lo, mid);
                lo = mid + 1;
            }
        }
    }

    private int widestAxis(float[] src, int lo, int hi) {
        float[] min = {Float.MAX_VALUE, Float.MAX_VALUE, Float.MAX_VALUE};
        float[] max = {-Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = lo; i < hi; i++) {
            int p = 3 * index[i];
            for (int d = 0; d < 3; d++) {
                float v = src[p + d];
                if (v < min[d]) min[d] = v;
                if (v > max[d]) max[d] = v;
            }
        }
        float s0 = max[0] - min[0], s1 = max[1] - min[1], s2 = max[2] - min[2];
        return s0 >= s1 ? (s0 >= s2 ? 0 : 2) : (s1 >= s2 ? 1 : 2);
    }

    /** Quickselect on index[lo..hi] so that index[k] holds the k-th smallest coordinate along axis a. */
    private void select(float[] src, int lo, int hi, int k, int a) {
        while (hi > lo) {
            float pivot = src[3 * index[(lo + hi) >>> 1] + a];
            int i = lo, j = hi;
            while (i <= j) {
                while (src[3 * index[i] + a] < pivot) i++;
                while (src[3 * index[j] + a] > pivot) j--;
                if (i <= j) {
                    int t = index[i];
                    index[i] = index[j];
                    index[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return;
        }
    }

    /**
     * Finds the {@code k} nearest points to (x, y, z), skipping the point with original index
     * {@code exclude} (pass -1 to keep all). Results go into {@code out}, nearest first; ties in
     * distance are ordered by original index so results do not depend on the tree's shape.
     */
    public void nearest(float x, float y, float z, int k, int exclude, Neighbours out) {
        out.reset(k);
        if (k > 0 && n > 0) search(0, n, x, y, z, exclude, out);
        out.sortAscending();
    }

    private void search(int lo, int hi, float x, float y, float z, int exclude, Neighbours out) {
        if (hi - lo <= LEAF) {
            for (int i = lo; i < hi; i++) offer(i, x, y, z, exclude, out);
            return;
        }
        int mid = (lo + hi) >>> 1;
        int a = axis[mid];
        float q = a == 0 ? x : a == 1 ? y : z;
        float d = q - pts[3 * mid + a];
        if (d < 0) {
            search(lo, mid, x, y, z, exclude, out);
            offer(mid, x, y, z, exclude, out);
            if ((double) d * d <= out.bound()) search(mid + 1, hi, x, y, z, exclude, out);
        } else {
            search(mid + 1, hi, x, y, z, exclude, out);
            offer(mid, x, y, z, exclude, out);
            if ((double) d * d <= out.bound()) search(lo, mid, x, y, z, exclude, out);
        }
    }

    private void offer(int i, float x, float y, float z, int exclude, Neighbours out) {
        int original = index[i];
        if (original == exclude) return;
        double dx = pts[3 * i] - x, dy = pts[3 * i + 1] - y, dz = pts[3 * i + 2] - z;
        out.offer(original, dx * dx + dy * dy + dz * dz);
    }

    /**
     * Appends to {@code out} the original indices of all points within {@code radius} of (x, y, z),
     * in no particular order; returns how many were found.
     */
    public int withinRadius(float x, float y, float z, double radius, IntList out) {
        int before = out.size();
        if (n > 0) radius(0, n, x, y, z, radius * radius, out);
        return out.size() - before;
    }

    private void radius(int lo, int hi, float x, float y, float z, double r2, IntList out) {
        if (hi - lo <= LEAF) {
            for (int i = lo; i < hi; i++) {
                if (dist2(i, x, y, z) <= r2) out.add(index[i]);
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        int a = axis[mid];
        float q = a == 0 ? x : a == 1 ? y : z;
        double d = q - pts[3 * mid + a];
        if (dist2(mid, x, y, z) <= r2) out.add(index[mid]);
        if (d < 0 || d * d <= r2) radius(lo, mid, x, y, z, r2, out);
        if (d >= 0 || d * d <= r2) radius(mid + 1, hi, x, y, z, r2, out);
    }

    private double dist2(int i, float x, float y, float z) {
        double dx = pts[3 * i] - x, dy = pts[3 * i + 1] - y, dz = pts[3 * i + 2] - z;
        return dx * dx + dy * dy + dz * dz;
    }
}
