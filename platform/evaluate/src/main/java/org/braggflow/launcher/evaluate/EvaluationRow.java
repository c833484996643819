package org.braggflow.launcher.evaluate;

import java.util.Map;

/**
 * One workflow run on one simulated scan, scored against its truth.
 *
 * @param recallByKind per planted domain kind (reference, strained, ...), its recall
 * @param strainRms    strain RMS error after removing the common offset; NaN without a strain map
 * @param error        why the run failed, or null
 * @param interiorAri  ARI over the positions whose 8 neighbours share their planted domain (no stitched peak possible)
 * @param coverage     share of the particle's planted positions the run clustered
 * @param interiorStrainRms strain RMS error over the interior positions only (no stitched peak possible)
 */
public record EvaluationRow(String preset, long seed, String format, String workflow, double ari, int found, int planted,
                           double minRecall, Map<String, Double> recallByKind, boolean gradientSplit, double strainRms,
                           double seconds, String error, double interiorAri, double coverage, double interiorStrainRms) {

    public boolean succeeded() {
        return error == null;
    }
}
