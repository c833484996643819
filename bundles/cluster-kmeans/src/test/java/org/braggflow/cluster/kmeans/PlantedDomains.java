package org.braggflow.cluster.kmeans;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.braggflow.api.result.FeatureTable;

/**
 * A synthetic scan with planted domains: the grid is split into the Voronoi cells of a few sites,
 * and every position of a domain gets that domain's mean feature vector plus Gaussian noise, as
 * encoder codewords of one defect domain would scatter about a common shape.
 */
final class PlantedDomains {

    final int rows;
    final int cols;
    final int domains;
    /** The planted domain of every table row. */
    final int[] truth;
    final FeatureTable table;

    /**
     * @param sigma noise standard deviation per feature; domain means have standard deviation 1 per feature
     */
    PlantedDomains(int rows, int cols, int domains, int dimension, double sigma, long seed) {
        this.rows = rows;
        this.cols = cols;
        this.domains = domains;
        Random r = new Random(seed);
        // sites jittered about a spread-out layout, so no domain is a sliver of a few positions
        double[][] sites = new double[domains][2];
        for (int s = 0; s < domains; s++) {
            double angle = 2 * Math.PI * s / domains;
            double radius = s == 0 ? 0 : 0.35;
            sites[s][0] = rows * (0.5 + radius * Math.sin(angle) + 0.05 * r.nextGaussian());
            sites[s][1] = cols * (0.5 + radius * Math.cos(angle) + 0.05 * r.nextGaussian());
        }
        double[][] means = new double[domains][dimension];
        for (double[] m : means) for (int t = 0; t < dimension; t++) m[t] = r.nextGaussian();
        truth = new int[rows * cols];
        List<FeatureTable.Row> list = new ArrayList<>();
        for (int row = 0; row < rows; row++) {
            for (int col = 0; col < cols; col++) {
                int domain = nearestSite(sites, row, col);
                truth[list.size()] = domain;
                float[] v = new float[dimension];
                for (int t = 0; t < dimension; t++) v[t] = (float) (means[domain][t] + sigma * r.nextGaussian());
                list.add(new FeatureTable.Row(row, col, v));
            }
        }
        table = new FeatureTable(dimension, list);
    }

    private static int nearestSite(double[][] sites, int row, int col) {
        int best = 0;
        double bestD = Double.POSITIVE_INFINITY;
        for (int s = 0; s < sites.length; s++) {
            double dr = sites[s][0] - row, dc = sites[s][1] - col;
            if (dr * dr + dc * dc < bestD) {
                bestD = dr * dr + dc * dc;
                best = s;
            }
        }
        return best;
    }

    int[] domainSizes() {
        int[] size = new int[domains];
        for (int t : truth) size[t]++;
        return size;
    }
}
