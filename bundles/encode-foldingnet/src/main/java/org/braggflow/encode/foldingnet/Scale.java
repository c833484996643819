package org.braggflow.encode.foldingnet;

/**
 * How centred clouds are scaled. {@code GLOBAL}: every cloud is divided by one length measured on the
 * training clouds (the median RMS radius), stored in the model; a cloud's size carries mosaicity, so it
 * is never scaled on its own. {@code NONE}: coordinates in the cloud builder's units.
 */
enum Scale {
    GLOBAL, NONE
}
