package org.braggflow.refine.stitched;

import java.util.Arrays;

/**
 * The intensity a position's frames are compared at: the particle's local thickness, read as the median
 * summed intensity of the position and its 8 neighbours, over the candidates' mean template intensity.
 * Not each position's own fit: the share of a peak inside the measured angles and detector differs from
 * domain to domain (a tilted or broadened peak reaches past the window), so a position's own total is
 * part of what tells the domains apart, and fitting it away cost more than half the gain on two
 * hard-preset scans; the neighbourhood's median follows the thickness without taking the position's
 * own domain out.
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

    double of(int i, int[] candidates) {
        double[] window = new double[9];
        int n = 0;
        for (int dr = -1; dr <= 1; dr++) {
            for (int dc = -1; dc <= 1; dc++) {
                int j = grid.neighbour(i, dr, dc);
                if (j >= 0 && !Double.isNaN(totals[j])) window[n++] = totals[j]; // NaN: not read again
            }
        }
        if (n == 0) return 0;
        Arrays.sort(window, 0, n);
        double local = n % 2 == 1 ? window[n / 2] : (window[n / 2 - 1] + window[n / 2]) / 2;
        double template = 0;
        for (int c : candidates) template += templates.total(c) / candidates.length;
        return template > 0 ? local / template : 0;
    }
}
