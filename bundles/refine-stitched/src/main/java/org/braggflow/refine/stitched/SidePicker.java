package org.braggflow.refine.stitched;

/**
 * Which of two labels the origin takes, given weighted, labelled points around it: the straight line
 * that leaves the least weight on its wrong sides, and among those the one farthest from its nearest
 * point, splits the plane, and the origin takes the label of its side. A domain boundary is close to
 * straight over the few positions the points span, so this reads the boundary's place from every frame at
 * once; a vote among the nearest points would side with whichever domain happens to have more of them.
 */
final class SidePicker {

    /** Directions of the lines tried, evenly over a half turn (each line is tried with both labellings of its sides). */
    private static final int DIRECTIONS = 90;

    private SidePicker() {
    }

    /**
     * @param x      points' first coordinates
     * @param y      points' second coordinates
     * @param labels points' labels, each {@code first} or {@code second} (others count against every line)
     * @param weight points' weights (FrameVotes: each frame's margin over the next candidate, at most 1)
     * @param n      how many points
     * @return the origin's label
     */
    static int origin(double[] x, double[] y, int[] labels, double[] weight, int n, int first, int second) {
        double bestCost = Double.MAX_VALUE, bestMargin = -1;
        int bestLabel = first;
        double[] proj = new double[n];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int d = 0; d < DIRECTIONS; d++) {
            double angle = Math.PI * d / DIRECTIONS, ux = Math.cos(angle), uy = Math.sin(angle);
            for (int i = 0; i < n; i++) proj[i] = x[i] * ux + y[i] * uy;
            sortBy(order, proj);
            double firstTotal = 0, secondTotal = 0, others = 0;
            for (int i = 0; i < n; i++) {
                if (labels[i] == first) firstTotal += weight[i];
                else if (labels[i] == second) secondTotal += weight[i];
                else others += weight[i];
            }
            // a cut at index k puts order[0..k) below the line; below = first (a) or below = second (b)
            double firstBelow = 0, secondBelow = 0;
            for (int k = 0; k <= n; k++) {
                if (k > 0) {
                    int l = labels[order[k - 1]];
                    if (l == first) firstBelow += weight[order[k - 1]];
                    else if (l == second) secondBelow += weight[order[k - 1]];
                }
                if (k > 0 && k < n && proj[order[k]] == proj[order[k - 1]]) continue;
                double lo = k == 0 ? proj[order[0]] - 1 : proj[order[k - 1]];
                double hi = k == n ? proj[order[n - 1]] + 1 : proj[order[k]];
                double cut = (lo + hi) / 2, margin = (hi - lo) / 2;
                double costA = (firstTotal - firstBelow) + secondBelow + others; // first below the cut
                double costB = firstBelow + (secondTotal - secondBelow) + others; // second below the cut
                for (int side = 0; side < 2; side++) {
                    double cost = side == 0 ? costA : costB;
                    if (cost < bestCost || cost == bestCost && margin > bestMargin) {
                        bestCost = cost;
                        bestMargin = margin;
                        boolean originBelow = 0 < cut;
                        bestLabel = (side == 0) == originBelow ? first : second;
                    }
                }
            }
        }
        return bestLabel;
    }

    /**
     * Sorts indices by their values, by insertion. The order of the last direction is the start: the next
     * direction turns by 2 degrees, so few points change places and this is close to linear in their
     * number, where a general sort of boxed indices is not. Ties may come in any order (no line cuts
     * between equal projections).
     */
    static void sortBy(int[] order, double[] value) {
        for (int k = 1; k < order.length; k++) {
            int i = order[k];
            double v = value[i];
            int at = k - 1;
            while (at >= 0 && value[order[at]] > v) {
                order[at + 1] = order[at];
                at--;
            }
            order[at + 1] = i;
        }
    }
}
