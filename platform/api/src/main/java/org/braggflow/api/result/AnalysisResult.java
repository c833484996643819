package org.braggflow.api.result;

import java.util.List;
import java.util.Map;
import org.braggflow.api.scan.ScanMetadata;

/**
 * Everything an analysis produced for one scan, handed to exporters. Parts a workflow did not
 * compute are null (or empty). {@code mask} is row-major, one flag per position.
 * {@code provenance} is the run record (contracts.md, run.json) as nested maps and lists of plain
 * values; {@code trainingLoss} the encoder's loss per epoch when it was trained in this run or before.
 */
public record AnalysisResult(ScanMetadata scan, boolean[] mask, ScanMaps maps, FeatureTable features,
                             ClusterResult clusters, List<Double> trainingLoss, Map<String, Object> provenance) {

    public AnalysisResult {
        trainingLoss = trainingLoss == null ? List.of() : List.copyOf(trainingLoss);
    }
}
