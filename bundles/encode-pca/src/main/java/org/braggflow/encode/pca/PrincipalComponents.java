package org.braggflow.encode.pca;

import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PCA of descriptor rows: mean, leading eigenvectors of the sample covariance (ND4J's LAPACK
 * symmetric eigensolver), their eigenvalues. Everything the model keeps is rounded to float32 here,
 * so a trained model and the same model saved and loaded encode identically.
 *
 * @param mean          mean descriptor, float32
 * @param components    {@code k} unit eigenvectors, largest variance first, each with its largest
 *                      |entry| positive (the eigensolver's sign is arbitrary)
 * @param eigenvalues   variance along each component over the training descriptors
 * @param totalVariance trace of the covariance: the variance of all components together
 */
record PrincipalComponents(float[] mean, float[][] components, float[] eigenvalues, double totalVariance) {

    /**
     * Eigenvalues below this share of the largest are rounding noise of a rank-deficient covariance
     * (fewer clouds than descriptor values); their eigenvectors are arbitrary and are never kept.
     */
    static final double RANK_TOLERANCE = 1e-10;

    /** Total variance below this share of the descriptors' mean square means the rows are all equal. */
    static final double IDENTICAL_TOLERANCE = 1e-20;

    /** Components looked at by the automatic choice of the feature size. */
    static final int AUTO_LOOK = 16;

    /**
     * The automatic feature size: the number of components before the largest ratio between
     * consecutive eigenvalues among the first {@link #AUTO_LOOK} supported ones (the scree plot's elbow).
     *
     * @param ascending all eigenvalues, ascending as the eigensolver returns them
     */
    static int screeElbow(double[] ascending, int supported) {
        int d = ascending.length, look = Math.min(AUTO_LOOK, supported);
        if (look < 2) return look;
        int best = 1;
        double bestRatio = 0;
        for (int i = 0; i + 1 < look; i++) {
            double ratio = ascending[d - 1 - i] / ascending[d - 2 - i];
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = i + 1;
            }
        }
        return best;
    }

    /** Clouds per pass of the covariance sum: a block of rows stays in cache while every thread uses it. */
    private static final int BLOCK = 128;

    /**
     * Fits {@code min(featureSize, supported)} components, where supported is the number of
     * eigenvalues above {@link #RANK_TOLERANCE} of the largest (at most rows - 1 and the descriptor length).
     *
     * @throws IllegalArgumentException with fewer than 2 rows, or when all rows are equal
     */
    static PrincipalComponents fit(double[][] rows, int featureSize) {
        int n = rows.length;
        if (n < 2) throw new IllegalArgumentException("PCA needs at least 2 training clouds, got " + n);
        int d = rows[0].length;
        double[] exactMean = new double[d];
        float[] mean = new float[d];
        for (int j = 0; j < d; j++) {
            double s = 0;
            for (double[] r : rows) s += r[j];
            exactMean[j] = s / n;
            mean[j] = (float) exactMean[j];
        }
        // centred on the double mean: the float mean's rounding would add a spurious rank-one term
        double[][] centred = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) centred[i][j] = rows[i][j] - exactMean[j];
        }
        double[] covariance = covariance(centred, d);
        double trace = 0;
        for (int j = 0; j < d; j++) trace += covariance[j * d + j];
        double size = 0;
        for (double[] r : rows) {
            for (double v : r) size += v * v / n;
        }
        // equal rows still differ by the mean's rounding, some 1e-16 of their size: 1e-32 in squares
        if (!(trace > IDENTICAL_TOLERANCE * size)) throw new IllegalArgumentException("the " + n + " training clouds have identical descriptors: nothing to learn");

        INDArray matrix = Nd4j.create(covariance, new long[] {d, d}, 'c'); // float64, as the array
        // overwritten with the eigenvectors as columns; eigenvalues come back ascending
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(matrix, true);
        double[] lambda = values.toDoubleVector();
        double[][] vectors = matrix.toDoubleMatrix();
        values.close();
        matrix.close();

        double largest = lambda[d - 1];
        int supported = 0;
        while (supported < Math.min(d, n - 1) && lambda[d - 1 - supported] > RANK_TOLERANCE * largest
                && (float) lambda[d - 1 - supported] > 0) supported++;
        if (supported == 0) throw new IllegalArgumentException("the training clouds' descriptors have no measurable spread");
        int k = featureSize == 0 ? screeElbow(lambda, supported) : Math.min(featureSize, supported);
        float[][] components = new float[k][d];
        float[] eigenvalues = new float[k];
        for (int c = 0; c < k; c++) {
            int column = d - 1 - c;
            int peak = 0;
            for (int j = 1; j < d; j++) {
                if (Math.abs(vectors[j][column]) > Math.abs(vectors[peak][column])) peak = j;
            }
            double sign = vectors[peak][column] < 0 ? -1 : 1;
            for (int j = 0; j < d; j++) components[c][j] = (float) (sign * vectors[j][column]);
            eigenvalues[c] = (float) lambda[column];
        }
        return new PrincipalComponents(mean, components, eigenvalues, trace);
    }

    /**
     * Sample covariance (divided by n - 1), row-major d x d. Summed in plain Java rather than BLAS so
     * every entry adds the rows in the same order whatever the threads: training repeats bitwise.
     */
    static double[] covariance(double[][] centred, int d) {
        int n = centred.length;
        double[] c = new double[d * d];
        for (int from = 0; from < n; from += BLOCK) {
            int start = from, end = Math.min(n, from + BLOCK);
            // each thread owns whole rows of c, so no entry is shared between threads
            IntStream.range(0, d).parallel().forEach(i -> {
                int at = i * d;
                for (int r = start; r < end; r++) {
                    double[] x = centred[r];
                    double xi = x[i];
                    if (xi == 0) continue;
                    for (int j = i; j < d; j++) c[at + j] += xi * x[j];
                }
            });
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                c[i * d + j] /= n - 1;
                c[j * d + i] = c[i * d + j];
            }
        }
        return c;
    }

    /** Share of the training descriptors' variance the kept components leave out. */
    double unexplainedVariance() {
        double kept = 0;
        for (float v : eigenvalues) kept += v;
        return Math.max(0, 1 - kept / totalVariance);
    }
}
