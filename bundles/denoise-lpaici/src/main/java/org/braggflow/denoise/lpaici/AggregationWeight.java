package org.braggflow.denoise.lpaici;

/**
 * How the estimates lent by the adaptive neighbourhoods are weighted when a point's final position
 * is aggregated (docs/method.md, section 3, an inferred choice).
 */
enum AggregationWeight {

    /**
     * One weight per neighbourhood: the inverse variance of its ICI estimate at the centre point.
     * Least-squares residuals sum to zero over a neighbourhood, so the plane's bias on a curved
     * surface (inwards mid-square, outwards at the edges) cancels in the aggregate and convex shapes
     * keep their size.
     */
    NEIGHBOURHOOD,

    /**
     * The inverse variance of the fitted height at each receiving point. Trusts the middle of each
     * square most, which is where a plane cuts inside a convex surface: spheres shrink slightly.
     */
    POINTWISE
}
