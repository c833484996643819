package org.braggflow.refine.stitched;

/** How the refiner compares a frame with a cluster's template ({@link FrameTemplates#score}). */
enum FrameScore {

    /** The chi-square and the log of each bin's Poisson variance under the template: a Gaussian log-likelihood. */
    LIKELIHOOD,

    /** The chi-square alone, which favours a template that is brighter where the frame is weak. */
    CHI_SQUARE
}
