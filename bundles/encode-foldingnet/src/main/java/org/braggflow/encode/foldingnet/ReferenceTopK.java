package org.braggflow.encode.foldingnet;

/**
 * The neighbour ranking of the reference PyTorch code on CPU ({@link NeighbourOrder#REFERENCE}), so
 * that an imported model sees the same kNN graph as where it was trained.
 *
 * <p>Scores are float32 {@code (-|x_j|^2 - (-2 x_i.x_j)) - |x_i|^2} with every sum taken left to right
 * (what the Debian torch 1.13 build computes); the k largest are chosen as torch's {@code topk} does
 * when {@code 64 k <= n}: a binary max-heap of the first k candidates ordered so the worst is on
 * top, each later candidate that beats the top replacing it, then the heap sorted in place. The
 * heap moves (sift a hole down to a leaf, then up) decide the order of equal scores, so they follow
 * the C++ standard library's heap exactly. For {@code 64 k > n} torch selects differently; the
 * distances are still the reference's, the order of exactly equal ones may differ.
 */
final class ReferenceTopK {

    private ReferenceTopK() {
    }

    static void neighbours(double[] xyz, int k, int[] out) {
        int n = xyz.length / 3;
        float[] x = new float[3 * n];
        for (int i = 0; i < x.length; i++) x[i] = (float) xyz[i];
        float[] sq = new float[n];
        for (int i = 0; i < n; i++) sq[i] = (x[3 * i] * x[3 * i] + x[3 * i + 1] * x[3 * i + 1]) + x[3 * i + 2] * x[3 * i + 2];
        NativeArrays.parallelFor(n, i -> {
            float[] score = new float[n];
            for (int j = 0; j < n; j++) {
                float dot = (x[3 * i] * x[3 * j] + x[3 * i + 1] * x[3 * j + 1]) + x[3 * i + 2] * x[3 * j + 2];
                float inner = -2f * dot;
                score[j] = (-sq[j] - inner) - sq[i];
            }
            int[] best = largest(score, k);
            System.arraycopy(best, 0, out, i * k, k);
        });
    }

    /** Indices of the k largest scores, largest first, ties as the reference's partial sort leaves them. */
    static int[] largest(float[] score, int k) {
        float[] v = new float[score.length];
        int[] id = new int[score.length];
        for (int j = 0; j < score.length; j++) {
            v[j] = score[j];
            id[j] = j;
        }
        // heap over [0, k) whose top is the candidate that ranks last
        for (int parent = (k - 2) / 2; k >= 2 && parent >= 0; parent--) siftDown(v, id, parent, k, v[parent], id[parent]);
        for (int j = k; j < v.length; j++) {
            if (v[j] > v[0]) {
                float sv = v[j];
                int si = id[j];
                v[j] = v[0];
                id[j] = id[0];
                siftDown(v, id, 0, k, sv, si);
            }
        }
        // sort: move the top to the end of the shrinking heap
        for (int last = k - 1; last > 0; last--) {
            float sv = v[last];
            int si = id[last];
            v[last] = v[0];
            id[last] = id[0];
            siftDown(v, id, 0, last, sv, si);
        }
        int[] out = new int[k];
        System.arraycopy(id, 0, out, 0, k);
        return out;
    }

    /**
     * Places {@code (sv, si)} into the heap {@code [0, len)} with a hole at {@code hole}: the hole
     * moves down along the child that ranks later (the right one unless the left ranks strictly
     * later) to a leaf, then the value rises while its parent ranks before it. "Ranks before" is
     * "has a larger score".
     */
    private static void siftDown(float[] v, int[] id, int hole, int len, float sv, int si) {
        int top = hole, child = hole;
        while (child < (len - 1) / 2) {
            child = 2 * (child + 1);
            if (v[child] > v[child - 1]) child--;
            v[hole] = v[child];
            id[hole] = id[child];
            hole = child;
        }
        if ((len & 1) == 0 && child == (len - 2) / 2) {
            child = 2 * (child + 1);
            v[hole] = v[child - 1];
            id[hole] = id[child - 1];
            hole = child - 1;
        }
        int parent = (hole - 1) / 2;
        while (hole > top && v[parent] > sv) {
            v[hole] = v[parent];
            id[hole] = id[parent];
            hole = parent;
            parent = (hole - 1) / 2;
        }
        v[hole] = sv;
        id[hole] = si;
    }
}
