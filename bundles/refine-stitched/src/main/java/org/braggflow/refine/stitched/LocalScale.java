package org.braggflow.refine.stitched;

import java.util.Arrays;

/**
 * The intensity a position's frames are compared at: the particle's local thickness times each
 * candidate's own template. Thickness is read from the position and its 8 neighbours, each neighbour's
 * summed intensity over its own cluster's template intensity, and the median of those ratios is
 * taken. Not each position's own fit: the share of a peak inside the measured angles and detector
 * differs from domain to domain (a tilted or broadened peak reaches past the window, a broadened one may
 * diffract more), so a position's own total is part of what tells the domains apart. Fitting it away
 * cost more than half the gain on two hard-preset scans. A common scale from the raw totals of the
 * window mixes domains of different brightness: on a scan whose broadened domain is ten times brighter
 * it pulled reference positions into it.
 */
final class LocalScale {

    private final PositionGrid grid;
    private final double[] totals;
    private final FrameTemplates templates;

    LocalScale(PositionGrid grid, double[] totals, FrameTemplates templates) {
        this.grid = grid;
        this.totals = totals;
        this.templates = templates;
    }

    /** The local thickness at position i, relative to the clusters' template positions (1 = as thick as they are on average). */
    double of(int i) {
        double[] window = new double[9];
        int n = 0;
        for (int dr = -1; dr <= 1; dr++) {
            for (int dc = -1; dc <= 1; dc++) {
                int j = grid.neighbour(i, dr, dc);
                // NaN: not read again; a cluster without a template has no intensity to compare with
                if (j < 0 || Double.isNaN(totals[j]) || !templates.has(grid.label(j)) || templates.total(grid.label(j)) <= 0) continue;
                window[n++] = totals[j] / templates.total(grid.label(j));
            }
        }
        if (n == 0) return 0;
        Arrays.sort(window, 0, n);
        return n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2;
    }
}
