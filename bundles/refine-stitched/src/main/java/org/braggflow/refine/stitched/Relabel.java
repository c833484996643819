package org.braggflow.refine.stitched;

import java.util.HashMap;
import java.util.Map;

/** Labels renumbered from 0 by first occurrence (the table is in row-major scan order), so a cluster the refinement emptied leaves no gap. */
final class Relabel {

    private Relabel() {
    }

    static int[] compact(int[] labels) {
        Map<Integer, Integer> map = new HashMap<>();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) out[i] = map.computeIfAbsent(labels[i], l -> map.size());
        return out;
    }
}
