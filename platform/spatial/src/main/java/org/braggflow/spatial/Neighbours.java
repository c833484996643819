package org.braggflow.spatial;

/**
 * A reusable result buffer for k-nearest-neighbour queries: a bounded max-heap on squared distance
 * while searching (or, for a search with a radius, the candidates within it, of which the k nearest
 * are picked), sorted nearest first afterwards unless made {@linkplain #Neighbours(boolean) unsorted}.
 * One per thread; not thread-safe.
 */
public final class Neighbours {

    private final boolean sorted;
    private double farthest;

    private int[] idx = new int[16];
    private double[] d2 = new double[16];
    private int k;
    private int size;
    // candidates gathered within a radius (KdTree#nearest with a radius), before the k nearest are picked
    private int[] candidateIdx = new int[64];
    private double[] candidateD2 = new double[64];
    private double[] scratch = new double[64];
    private int candidates;

    /** A buffer whose results come sorted nearest first. */
    public Neighbours() {
        this(true);
    }

    /**
     * @param sorted whether results come sorted nearest first; without, a search with a radius leaves the
     *               same k points (ties at the k-th distance still settled by index) in no stated order and
     *               skips the sort, about a third of its time at k = 50, for a caller that needs only the set
     */
    public Neighbours(boolean sorted) {
        this.sorted = sorted;
    }

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
        farthest = n > 0 ? d2[n - 1] : 0;
    }

    void clearCandidates() {
        candidates = 0;
    }

    int candidates() {
        return candidates;
    }

    void reserveCandidates(int more) {
        if (candidates + more <= candidateIdx.length) return;
        int size = Math.max(2 * candidateIdx.length, candidates + more);
        candidateIdx = java.util.Arrays.copyOf(candidateIdx, size);
        candidateD2 = java.util.Arrays.copyOf(candidateD2, size);
    }

    /** Writes the point, and counts it when it lies within r2 and is not the excluded one (no branch on either). */
    void putCandidate(int i, double dist2, double r2, int exclude) {
        candidateIdx[candidates] = i;
        candidateD2[candidates] = dist2;
        candidates += dist2 <= r2 & i != exclude ? 1 : 0;
    }

    /**
     * The k nearest of at least k candidates, by distance and then index, sorted nearest first as
     * {@link #sortAscending} leaves them (unless this buffer is unsorted).
     */
    void keepNearestCandidates(int k) {
        int m = candidates;
        if (scratch.length < m) scratch = new double[candidateD2.length];
        System.arraycopy(candidateD2, 0, scratch, 0, m);
        KdTree.selectSmallest(scratch, m, k);
        double kth = 0;
        for (int j = 0; j < k; j++) kth = Math.max(kth, scratch[j]);
        // those nearer than the k-th distance, then the ones at it by index until k are taken
        size = 0;
        for (int j = 0; j < m; j++) {
            idx[size] = candidateIdx[j];
            d2[size] = candidateD2[j];
            size += candidateD2[j] < kth ? 1 : 0;
        }
        int below = size;
        farthest = kth;
        if (below < k) {
            for (int j = 0; j < m; j++) {
                if (candidateD2[j] != kth) continue;
                if (size < k) {
                    idx[size] = candidateIdx[j];
                    d2[size++] = kth;
                } else {
                    // a tie at the k-th distance: the smaller index stays
                    int largest = below;
                    for (int t = below + 1; t < k; t++) if (idx[t] > idx[largest]) largest = t;
                    if (candidateIdx[j] < idx[largest]) idx[largest] = candidateIdx[j];
                }
            }
        }
        if (!sorted) return;
        // insertion sort by distance, then index: the inner loop's exit is the one branch that mispredicts
        for (int a = 1; a < k; a++) {
            int i = idx[a];
            double v = d2[a];
            int b = a - 1;
            while (b >= 0 && (d2[b] > v || d2[b] == v && idx[b] > i)) {
                idx[b + 1] = idx[b];
                d2[b + 1] = d2[b];
                b--;
            }
            idx[b + 1] = i;
            d2[b + 1] = v;
        }
    }

    public int size() {
        return size;
    }

    /** Original index of the i-th nearest point. */
    public int index(int i) {
        return idx[i];
    }

    /** Squared distance of the farthest point found (the k-th nearest), sorted or not; 0 when none was found. */
    public double farthestDistanceSquared() {
        return farthest;
    }

    /** Squared distance of the i-th nearest point. */
    public double distanceSquared(int i) {
        return d2[i];
    }
}
