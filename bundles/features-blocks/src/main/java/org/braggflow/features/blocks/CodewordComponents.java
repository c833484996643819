package org.braggflow.features.blocks;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The codeword block before its columns are scaled: every codeword value z-scored over the scan,
 * then projected on the leading principal components that hold a given share of the variance. A
 * 512-value codeword is highly redundant; the PCA keeps what varies between positions and drops the
 * long tail of directions that only carry noise. How the kept components are then put on one scale
 * (whitened, or divided by their neighbour noise) is the caller's choice.
 */
final class CodewordComponents {

    /** Eigenvalues below this share of the largest are rounding noise of a rank-deficient covariance. */
    static final double RANK_TOLERANCE = 1e-9;

    private CodewordComponents() {
    }

    /** The principal-component scores of the z-scored block (centred, not whitened), enough components for {@code share} of its variance. */
    static FeatureBlock principal(FeatureBlock codewords, double share) {
        codewords.zScore();
        int n = codewords.n, d = codewords.d;
        if (n < 3) return codewords;
        double[] covariance = covariance(codewords);
        double[] lambda;
        double[][] vectors;
        INDArray matrix = Nd4j.create(covariance, new long[] {d, d}, 'c');
        // overwritten with the eigenvectors as columns; eigenvalues come back ascending
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(matrix, true);
        lambda = values.toDoubleVector();
        vectors = matrix.toDoubleMatrix();
        values.close();
        matrix.close();
        double total = 0;
        for (double l : lambda) total += Math.max(0, l);
        if (!(total > 0)) return codewords;
        double largest = lambda[d - 1];
        int keep = 0;
        double kept = 0;
        while (keep < Math.min(d, n - 1) && kept < share * total && lambda[d - 1 - keep] > RANK_TOLERANCE * largest) {
            kept += lambda[d - 1 - keep];
            keep++;
        }
        FeatureBlock scores = new FeatureBlock(n, keep);
        for (int c = 0; c < keep; c++) {
            int column = d - 1 - c;
            // the eigensolver's sign is arbitrary: make the largest entry positive so runs repeat
            int peak = 0;
            for (int j = 1; j < d; j++) if (Math.abs(vectors[j][column]) > Math.abs(vectors[peak][column])) peak = j;
            double scale = vectors[peak][column] < 0 ? -1 : 1;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += codewords.get(i, j) * vectors[j][column];
                scores.set(i, c, s * scale);
            }
        }
        return scores;
    }

    /** Sample covariance of centred columns, row-major d x d, summed in a fixed order. */
    static double[] covariance(FeatureBlock b) {
        int n = b.n, d = b.d;
        double[] c = new double[d * d];
        java.util.stream.IntStream.range(0, d).parallel().forEach(j -> {
            for (int i = 0; i < n; i++) {
                double x = b.values[i * d + j];
                if (x == 0) continue;
                int row = i * d;
                for (int k = j; k < d; k++) c[j * d + k] += x * b.values[row + k];
            }
        });
        for (int j = 0; j < d; j++) {
            for (int k = j; k < d; k++) {
                c[j * d + k] /= n - 1;
                c[k * d + j] = c[j * d + k];
            }
        }
        return c;
    }
}
