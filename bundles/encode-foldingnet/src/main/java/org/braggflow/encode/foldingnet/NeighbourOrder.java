package org.braggflow.encode.foldingnet;

/**
 * How the kNN graph ranks neighbours. {@code EXACT}: squared distances in double precision, equal
 * ones by point index (the point itself first). {@code REFERENCE}: as the reference PyTorch code on
 * CPU ranks them, to reproduce an imported model's outputs: float32 distances from
 * {@code -|x_j|^2 + 2 x_i.x_j - |x_i|^2} and the tie order of torch's {@code topk} (a heap-based partial
 * sort), which on clouds with near-duplicate points can put another point before the point itself.
 */
enum NeighbourOrder {
    EXACT, REFERENCE
}
