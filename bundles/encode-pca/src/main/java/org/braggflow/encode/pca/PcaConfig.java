package org.braggflow.encode.pca;

/**
 * What fixes the shape of a PCA model apart from its trained numbers: the grid, which descriptor
 * blocks are present, whitening. Saved in {@code model.json}; the weight file's sizes follow from it.
 */
record PcaConfig(int bins, double cellSigmas, double momentWeight, double positionWeight, boolean whiten) {

    static final int MOMENTS = 6;
    static final int POSITION = 3;

    PcaConfig {
        if (bins < 2 || bins > 16) throw new IllegalArgumentException("bins must be 2..16, not " + bins);
        if (!(cellSigmas > 0) || !Double.isFinite(cellSigmas)) throw new IllegalArgumentException("cellSigmas must be positive, not " + cellSigmas);
        if (!(momentWeight >= 0) || !(positionWeight >= 0)) {
            throw new IllegalArgumentException("block weights must be >= 0, not " + momentWeight + ", " + positionWeight);
        }
    }

    static PcaConfig of(PcaParameters p) {
        return new PcaConfig(p.bins(), p.cellSigmas(), p.momentWeight(), p.positionWeight(), p.whiten());
    }

    int histogramLength() {
        return bins * bins * bins;
    }

    boolean hasMoments() {
        return momentWeight > 0;
    }

    boolean hasPosition() {
        return positionWeight > 0;
    }

    /** Length of a cloud's descriptor: the histogram, then the moments and the position if present. */
    int descriptorLength() {
        return histogramLength() + (hasMoments() ? MOMENTS : 0) + (hasPosition() ? POSITION : 0);
    }
}
