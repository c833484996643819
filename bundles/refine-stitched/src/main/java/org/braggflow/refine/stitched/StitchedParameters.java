package org.braggflow.refine.stitched;

import org.braggflow.api.stage.Parameter;

/** Parameters of the stitched-boundary refiner (docs/method.md, section 7; the bundle README says how each was chosen). */
@interface StitchedParameters {

    // chosen on hard seeds 1 and 2 over 10, 20, 30, 50, 70, 100 (conventional-maps, one round) once the
    // chi-square counted the templates' own noise: 50 and 70 tied (0.950 and 0.918), 30 gave 0.935 and 0.902;
    // the smaller of the tied values, as fewer frames are kept from voting (bundle README, Evidence)
    @Parameter(doc = "A frame votes for a cluster only when that cluster's template explains it better than the next candidate's "
            + "by at least this margin of the score (see score), in chi-square units of the scatter of the clusters' own interior "
            + "frames about their templates; "
            + "frames in the tails of the rocking curve, which look alike for every domain, then do not vote",
            unit = "chi-square", min = 0, max = 1e6)
    double evidence() default 50;

    @Parameter(doc = "A frame's vote weighs its score's margin over the next candidate divided by this, at most 1: a frame "
            + "that barely passes the evidence threshold (a weak frame in the tails of the rocking curve) counts for a tenth of "
            + "one at the peak, which tells the domains apart by hundreds to thousands; 0 = every vote counts 1",
            unit = "chi-square", min = 0, max = 1e6)
    double fullVote() default 500;

    // measured with the edge templates on 8 hard h5 scans and EvaluateIT's 2 small ones: the sum of ARI rose in every
    // workflow on both sets but the untrained FoldingNet's small scans, 0.001 lower (bundle README, Evidence)
    @Parameter(doc = "How a frame is compared with each candidate cluster's template: likelihood (the chi-square plus the log of "
            + "each bin's Poisson variance under the template, so a template brighter where the frame is weak gains nothing from "
            + "its larger variance) or chi-square (the chi-square alone); evidence and fullVote are margins of this score")
    FrameScore score() default FrameScore.LIKELIHOOD;

    @Parameter(doc = "Frames of the position and its 8 neighbours whose sample points lie within this distance of the position "
            + "decide which side of the boundary it is on", unit = "scan positions", min = 0.5, max = 3)
    double radius() default 1.2;

    // set once at the distance at which a neighbour's frames begin (a position's own frames lie within half a
    // position of it on each axis), not tuned; bundle README, Evidence
    @Parameter(doc = "A frame's vote is also weighed by a Gaussian of its sample point's distance from the position, of this "
            + "standard deviation: where a boundary curves within the window, the frames measured closest to the position say "
            + "most about its side, and a straight line through all the points would follow the far ones; 0 = no distance weight",
            unit = "scan positions", min = 0, max = 10)
    double locality() default 0.5;

    @Parameter(doc = "A cluster's template is the mean over at most this many of its interior positions, spread evenly over the scan "
            + "in row-major order",
            unit = "positions", min = 1, max = 1_000_000)
    int templatePositions() default 100;

    // a second round helps where the clusterer's labels are good near boundaries and hurts where they are not:
    // hard preset 24 x 30, 8 scans (conventional-maps): median ARI 0.945 with one round, 0.963 with two; hard
    // seed 2 at 18 x 22, where the clusterer found 6 clusters for 5 domains: 0.668 without the refiner, 0.629
    // with one round, 0.559 with two (the second spreads a wrong label further). One round by default.
    @Parameter(doc = "Rounds of relabelling: each round takes the previous round's labels for its templates, its boundary "
            + "positions and each window's candidate clusters, so a domain the clusterer left out of a window comes back "
            + "into it; a later round also spreads labels the clusterer got wrong away from a boundary; rounds stop early "
            + "when one changes nothing", min = 1, max = 10)
    int passes() default 1;

    @Parameter(doc = "Each frame is summarised by its detector-row and detector-column profiles, each binned to at most this many bins; "
            + "the profiles of every position in the mask are kept as the scan is first read (4 bytes x angles x twice this "
            + "per position, 10.8 kB at 21 angles), so no frame is read again",
            unit = "bins", min = 4, max = 1024)
    int profileBins() default 64;
}
