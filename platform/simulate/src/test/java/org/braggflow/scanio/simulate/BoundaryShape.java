package org.braggflow.scanio.simulate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** How far the boundaries of a label map are from straight lines. */
final class BoundaryShape {

    private BoundaryShape() {
    }

    /**
     * For every pair of domains that share at least 12 boundary points (midpoints between 4-neighbour
     * positions with those two labels), the RMS distance of those points from their best-fitting
     * straight line, in positions; averaged over the pairs. Straight Voronoi edges on a grid give about 0.3.
     */
    static double meanLineResidual(int[][] labels) {
        Map<Long, List<double[]>> edges = new HashMap<>();
        for (int r = 0; r < labels.length; r++) {
            for (int c = 0; c < labels[r].length; c++) {
                int a = labels[r][c];
                if (a < 0) continue;
                if (r + 1 < labels.length) add(edges, a, labels[r + 1][c], r + 0.5, c);
                if (c + 1 < labels[r].length) add(edges, a, labels[r][c + 1], r, c + 0.5);
            }
        }
        double sum = 0;
        int pairs = 0;
        for (List<double[]> points : edges.values()) {
            if (points.size() < 12) continue;
            sum += lineResidual(points);
            pairs++;
        }
        return pairs == 0 ? 0 : sum / pairs;
    }

    private static void add(Map<Long, List<double[]>> edges, int a, int b, double r, double c) {
        if (b < 0 || b == a) return;
        long key = ((long) Math.min(a, b) << 32) | Math.max(a, b);
        edges.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {r, c});
    }

    /** RMS orthogonal distance from the total-least-squares line: the square root of the smaller covariance eigenvalue. */
    static double lineResidual(List<double[]> points) {
        double mr = 0, mc = 0;
        for (double[] p : points) {
            mr += p[0];
            mc += p[1];
        }
        mr /= points.size();
        mc /= points.size();
        double srr = 0, scc = 0, src = 0;
        for (double[] p : points) {
            srr += (p[0] - mr) * (p[0] - mr);
            scc += (p[1] - mc) * (p[1] - mc);
            src += (p[0] - mr) * (p[1] - mc);
        }
        srr /= points.size();
        scc /= points.size();
        src /= points.size();
        double half = (srr + scc) / 2, d = Math.sqrt((srr - scc) * (srr - scc) / 4 + src * src);
        return Math.sqrt(Math.max(0, half - d));
    }
}
