package org.braggflow.encode.foldingnet;

/**
 * The fixed points the decoder folds (docs/method.md, section 5): a 45 x 45 grid on [-0.3, 0.3]^2, points on
 * a sphere, a 3-D Gaussian sample, or points read from a file.
 */
enum SourceShape {
    PLANE(2), SPHERE(3), GAUSSIAN(3), FILE(3);

    private final int dimension;

    SourceShape(int dimension) {
        this.dimension = dimension;
    }

    /** Coordinates per source point (a file may hold 2 or 3; this is the default). */
    int dimension() {
        return dimension;
    }
}
