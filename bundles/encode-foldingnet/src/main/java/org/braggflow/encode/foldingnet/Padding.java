package org.braggflow.encode.foldingnet;

/**
 * How a cloud with fewer points than the network takes is filled up. {@code JITTER}: points drawn
 * again, each moved by a small seeded Gaussian step (a tenth of the cloud's nearest-neighbour spacing
 * per axis), so the kNN graph sees distinct points; {@code REPEAT}: exact duplicates (the behaviour of
 * models saved before clouds were centred, kept for them).
 */
enum Padding {
    JITTER, REPEAT
}
