package org.braggflow.spatial;

/**
 * A reusable result buffer for k-nearest-neighbour queries: a bounded max-heap on squared distance
 * while searching, sorted nearest first afterwards. One per thread; not thread-safe.
 */
public final class Neighbours {

    private int[] idx = new int[16];
    private double[] d2 = new double[16];
    private int k;
    private int size;

    void reset(int k) {
        this.k = k;
        this.size = 0;
        if (idx.length < k) {
            idx = new int[k];
            d2 = new double[k];
        }
    }

    /** Squared distance a candidate must beat: the current k-th best, or infinity until k are found. */
    double bound() {
        return size < k ? Double.POSITIVE_INFINITY : d2[0];
    }

    void offer(int i, double dist2) {
        if (size < k) {
            idx[size] = i;
            d2[size] = dist2;
            siftUp(size++);
        } else if (worse(d2[0], idx[0], dist2, i)) {
            idx[0] = i;
            d2[0] = dist2;
            siftDown(0);
        }
    }

    /** Whether (da, ia) is farther than (db, ib), with index as the tie-breaker. */
    private static boolean worse(double da, int ia, double db, int ib) {
        return da > db || (da == db && ia > ib);
    }

    private void siftUp(int c) {
        while (c > 0) {
            int p = (c - 1) >>> 1;
            if (!worse(d2[c], idx[c], d2[p], idx[p])) break;
            swap(c, p);
            c = p;
        }
    }

    private void siftDown(int p) {
        while (true) {
            int l = 2 * p + 1, r = l + 1, m = p;
            if (l < size && worse(d2[l], idx[l], d2[m], idx[m])) m = l;
            if (r < size && worse(d2[r], idx[r], d2[m], idx[m])) m = r;
            if (m == p) return;
            swap(p, m);
            p = m;
        }
    }

    private void swap(int a, int b) {
        int ti = idx[a];
        idx[a] = idx[b];
        idx[b] = ti;
        double td = d2[a];
        d2[a] = d2[b];
        d2[b] = td;
    }

    /** Heap sort in place: afterwards index 0 is the nearest. */
    void sortAscending() {
        int n = size;
        for (int end = n - 1; end > 0; end--) {
            swap(0, end);
            size = end;
            siftDown(0);
        }
        size = n;
    }

    public int size() {
        return size;
    }

    /** Original index of the i-th nearest point. */
    public int index(int i) {
        return idx[i];
    }

    /** Squared distance of the i-th nearest point. */
    public double distanceSquared(int i) {
        return d2[i];
    }
}
