package org.braggflow.features.blocks;

/** How the features stage turns codewords and maps into feature vectors. */
public enum FeatureMode {
    /**
     * Three blocks side by side: the codeword (z-scored, reduced by PCA, each component divided by its noise), the peak
     * position (strain and tilts) and the peak shape descriptors, each scaled to unit total variance
     * and then weighted.
     */
    BLOCKS,
    /** The authors' features: the raw codeword, each value min-max scaled to [0, 1]; maps are not used. */
    CODEWORD_MIN_MAX
}
