package org.braggflow.encode.foldingnet;

/**
 * The 3x3 matrix appended to each point's coordinates in the encoder input (docs/method.md, section 5).
 * {@code COVARIANCE} is the paper's local covariance of the k nearest neighbours; {@code OUTER_PRODUCT}
 * is the reference re-implementation's outer product of the first two neighbours' positions.
 */
enum LocalMatrix {
    COVARIANCE, OUTER_PRODUCT
}
