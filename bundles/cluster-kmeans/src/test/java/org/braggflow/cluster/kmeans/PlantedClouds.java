package org.braggflow.cluster.kmeans;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.braggflow.api.result.FeatureTable;

/**
 * Feature tables with a known answer for choosing k: well separated Gaussian clusters of unequal
 * sizes, and single clouds with no clusters at all (a linear gradient, an elongated Gaussian), laid
 * out on a 30 x 40 scan grid in a seeded random order.
 */
final class PlantedClouds {

    /** The shares of the five planted clusters: 5 % to 40 % of the positions. */
    static final double[] SHARES = {0.05, 0.10, 0.20, 0.25, 0.40};

    static final int ROWS = 30;
    static final int COLS = 40;

    final int[] truth;
    final FeatureTable table;

    private PlantedClouds(int[] truth, float[][] points) {
        this.truth = truth;
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < points.length; i++) rows.add(new FeatureTable.Row(i / COLS, i % COLS, points[i]));
        table = new FeatureTable(points[0].length, rows);
    }

    /**
     * Five Gaussian clusters with {@link #SHARES} of 1200 positions. The centres are uniform in the
     * unit cube, redrawn until every pair is at least {@code separation} apart; every feature has
     * noise of standard deviation {@code sigma} about its centre.
     */
    static PlantedClouds clusters(int dimension, double separation, double sigma, long seed) {
        return clusters(dimension, separation, sigma, 0, seed);
    }

    /**
     * As {@link #clusters(int, double, double, long)}, with a smooth gradient across the whole scan on
     * top: every position moves along one random direction by {@code gradient} times its column /
     * (columns - 1), so every cluster is stretched by up to {@code gradient}.
     */
    static PlantedClouds clusters(int dimension, double separation, double sigma, double gradient, long seed) {
        Random r = new Random(seed);
        int n = ROWS * COLS, k = SHARES.length;
        double[][] centres = new double[k][dimension];
        boolean apart;
        do {
            for (double[] c : centres) for (int t = 0; t < dimension; t++) c[t] = r.nextDouble();
            apart = true;
            for (int a = 0; a < k; a++) for (int b = 0; b < a; b++) apart &= distance(centres[a], centres[b]) >= separation;
        } while (!apart);
        int[] truth = shuffledLabels(n, r);
        float[][] points = new float[n][dimension];
        double[] direction = unit(dimension, r);
        for (int i = 0; i < n; i++) {
            double shift = gradient * (i % COLS) / (COLS - 1.0);
            for (int t = 0; t < dimension; t++) {
                points[i][t] = (float) (centres[truth[i]][t] + shift * direction[t] + sigma * r.nextGaussian());
            }
        }
        return new PlantedClouds(truth, points);
    }

    /**
     * One cloud and no clusters: positions along a random direction of the feature space, uniform
     * over a length of 1 (a linear gradient) or Gaussian with standard deviation 1/4 (an elongated
     * blob), with Gaussian noise of {@code sigma} on every feature across it.
     */
    static PlantedClouds gradient(int dimension, boolean uniform, double sigma, long seed) {
        Random r = new Random(seed);
        int n = ROWS * COLS;
        double[] direction = unit(dimension, r);
        float[][] points = new float[n][dimension];
        for (int i = 0; i < n; i++) {
            double along = uniform ? r.nextDouble() : 0.25 * r.nextGaussian();
            for (int t = 0; t < dimension; t++) points[i][t] = (float) (along * direction[t] + sigma * r.nextGaussian());
        }
        return new PlantedClouds(new int[n], points);
    }

    private static double[] unit(int dimension, Random r) {
        double[] direction = new double[dimension];
        double norm = 0;
        for (int t = 0; t < dimension; t++) {
            direction[t] = r.nextGaussian();
            norm += direction[t] * direction[t];
        }
        for (int t = 0; t < dimension; t++) direction[t] /= Math.sqrt(norm);
        return direction;
    }

    /** Labels with the planted shares, in a random order over the grid. */
    private static int[] shuffledLabels(int n, Random r) {
        int[] labels = new int[n];
        int at = 0;
        for (int c = 0; c < SHARES.length; c++) {
            int size = c == SHARES.length - 1 ? n - at : (int) Math.round(SHARES[c] * n);
            for (int i = 0; i < size; i++) labels[at++] = c;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return labels;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) s += (a[t] - b[t]) * (a[t] - b[t]);
        return Math.sqrt(s);
    }
}
