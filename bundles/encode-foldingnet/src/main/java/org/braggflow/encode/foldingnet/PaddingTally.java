package org.braggflow.encode.foldingnet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts clouds that had fewer points than the network takes and how many points padding added, so a
 * run can say how much of its input was made up. Safe to add to from several threads (chunks of one
 * scan may be encoded in parallel with one model).
 */
final class PaddingTally {

    private final AtomicLong clouds = new AtomicLong();
    private final AtomicLong padded = new AtomicLong();
    private final AtomicLong pointsAdded = new AtomicLong();
    private final AtomicLong mostAdded = new AtomicLong();

    void add(int added) {
        clouds.incrementAndGet();
        if (added <= 0) return;
        padded.incrementAndGet();
        pointsAdded.addAndGet(added);
        mostAdded.accumulateAndGet(added, Math::max);
    }

    /** Adds another tally's counts (one encode call's to a model's running total). */
    void add(PaddingTally other) {
        clouds.addAndGet(other.clouds());
        padded.addAndGet(other.padded());
        pointsAdded.addAndGet(other.pointsAdded());
        mostAdded.accumulateAndGet(other.mostAdded(), Math::max);
    }

    long clouds() {
        return clouds.get();
    }

    long padded() {
        return padded.get();
    }

    long pointsAdded() {
        return pointsAdded.get();
    }

    long mostAdded() {
        return mostAdded.get();
    }

    /** Plain values under fixed keys, as they go into model.json and run.json. */
    Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clouds", clouds());
        out.put("paddedClouds", padded());
        out.put("paddingPointsAdded", pointsAdded());
        out.put("paddingMostPointsAdded", mostAdded());
        return out;
    }

    @Override
    public String toString() {
        return padded() + " of " + clouds() + " clouds padded, " + pointsAdded() + " points added (at most " + mostAdded() + " to one)";
    }
}
