package org.braggflow.refine.stitched;

import java.util.Map;
import java.util.TreeSet;

/**
 * Turns the frames around a boundary position into labelled sample points and reads the position's
 * side. A frame of position q at angle a was measured at q + offset[a]; relative to the position, at
 * (q - position) + offset[a]. It is labelled with the candidate cluster whose template explains it best,
 * when it does so by at least the evidence threshold, and weighs its margin over the next candidate
 * (divided by fullVote, at most 1), so a weak frame in the tails of the rocking curve that barely passes the
 * threshold does not outweigh the frames at the peak, times a Gaussian of its distance from the position, so
 * where the boundary curves within the window the frames measured nearest the position decide.
 */
final class FrameVotes {

    /** Positions in a 3 x 3 window. */
    private static final int WINDOW = 9;

    private final FrameTemplates templates;
    private final LocalScale scale;
    private final double[][] offsets;
    private final double evidence;
    private final double fullVote;
    private final double radius;
    private final double locality;

    FrameVotes(FrameTemplates templates, LocalScale scale, double[][] offsets, double evidence, double fullVote, double radius, double locality) {
        this.templates = templates;
        this.scale = scale;
        this.offsets = offsets;
        this.evidence = evidence;
        this.fullVote = fullVote;
        this.radius = radius;
        this.locality = locality;
    }

    /** The label position i's frames and its neighbours' put it on, or -1 when they do not say. */
    int side(PositionGrid grid, int i, Map<Integer, float[]> profiles) {
        TreeSet<Integer> found = new TreeSet<>();
        for (int dr = -1; dr <= 1; dr++) {
            for (int dc = -1; dc <= 1; dc++) {
                int j = grid.neighbour(i, dr, dc);
                if (j >= 0 && templates.has(grid.label(j))) found.add(grid.label(j));
            }
        }
        // A cluster without a template (none of its positions clear of other labels) is no candidate anywhere. One of
        // fewer positions than a window holds (a few weak positions strung along the particle's thin edge) cannot be
        // a domain the frames could ever confirm: beside a single candidate its positions go to it. A larger one
        // (a domain two positions wide, a rim around the particle) keeps them, as its frames cannot be compared
        if (found.size() == 1 && !templates.has(grid.label(i)) && grid.clusterSize(grid.label(i)) < WINDOW) return found.first();
        if (found.size() < 2) return -1;
        int[] candidates = found.stream().mapToInt(Integer::intValue).toArray();
        int angles = offsets.length, capacity = WINDOW * angles;
        double[] x = new double[capacity], y = new double[capacity], weight = new double[capacity];
        int[] labels = new int[capacity];
        int n = 0;
        for (int dr = -1; dr <= 1; dr++) {
            for (int dc = -1; dc <= 1; dc++) {
                int j = grid.neighbour(i, dr, dc);
                float[] profile = j >= 0 ? profiles.get(j) : null;
                if (profile == null) continue;
                double s = scale.of(j);
                for (int a = 0; a < angles; a++) {
                    double px = dr + offsets[a][0], py = dc + offsets[a][1];
                    if (px * px + py * py > radius * radius) continue;
                    int best = -1;
                    double bestScore = Double.MAX_VALUE, secondScore = Double.MAX_VALUE;
                    for (int c : candidates) {
                        double score = templates.score(profile, a, c, s);
                        if (score < bestScore) {
                            secondScore = bestScore;
                            bestScore = score;
                            best = c;
                        } else if (score < secondScore) {
                            secondScore = score;
                        }
                    }
                    if (secondScore - bestScore < evidence) continue;
                    x[n] = px;
                    y[n] = py;
                    weight[n] = weight(secondScore - bestScore, fullVote, px, py, locality);
                    labels[n++] = best;
                }
            }
        }
        if (n == 0) return -1;
        int[] two = heaviest(candidates, labels, weight, n);
        if (two[1] < 0) return two[0];
        return SidePicker.origin(x, y, labels, weight, n, two[0], two[1]);
    }

    /**
     * A frame's vote: its chi-square margin over the next candidate divided by fullVote (at most 1; 1 when
     * fullVote is 0), times a Gaussian of the distance of its sample point (px, py) from the position with
     * standard deviation locality (1 when locality is 0).
     */
    static double weight(double margin, double fullVote, double px, double py, double locality) {
        double w = fullVote > 0 ? Math.min(1, margin / fullVote) : 1;
        return locality > 0 ? w * Math.exp(-(px * px + py * py) / (2 * locality * locality)) : w;
    }

    /**
     * The two candidates whose points weigh most, heaviest first; the second is -1 when only one has points.
     * By weight, not by count: many weak votes in the tails of the rocking curve for a third domain (a broadened
     * one explains every tail a little better) must not push out a neighbour that the strong frames show.
     */
    static int[] heaviest(int[] candidates, int[] labels, double[] weight, int n) {
        int first = -1, second = -1;
        double firstWeight = 0, secondWeight = 0;
        for (int c : candidates) {
            double sum = 0;
            for (int t = 0; t < n; t++) if (labels[t] == c) sum += weight[t];
            if (sum > firstWeight) {
                second = first;
                secondWeight = firstWeight;
                first = c;
                firstWeight = sum;
            } else if (sum > secondWeight) {
                second = c;
                secondWeight = sum;
            }
        }
        return new int[] {first, second};
    }
}
