package org.braggflow.features.blocks;

/** How the columns of a block (shape maps, codeword components) are put on one scale before the block is weighted. */
public enum ColumnScaling {
    /** Each column divided by its noise, measured from differences between neighbouring positions. */
    NEIGHBOUR_NOISE,
    /** Each column divided by its standard deviation over the scan (for codeword components: whitening). */
    Z_SCORE
}
