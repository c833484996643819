package org.braggflow.api.result;

import java.util.List;
import java.util.Map;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.ScanMetadata;

/**
 * Everything an analysis produced for one scan, handed to exporters. Parts a workflow did not
 * compute are null (or empty). {@code mask} is row-major, one flag per position.
 * {@code provenance} is the run record (run.json, docs/formats.md) as nested maps and lists of plain
 * values; {@code trainingLoss} the encoder's loss per epoch when it was trained in this run or before;
 * {@code clouds} the denoised point clouds of the analysed positions in position order (the ones the
 * encoder saw; empty when the workflow builds none). The clouds are the run's own list, not a copy:
 * the encoder already holds them all, and an exporter only reads them.
 */
public record AnalysisResult(ScanMetadata scan, boolean[] mask, ScanMaps maps, FeatureTable features,
                             ClusterResult clusters, List<Double> trainingLoss, Map<String, Object> provenance,
                             List<PointCloud> clouds) {

    public AnalysisResult {
        trainingLoss = trainingLoss == null ? List.of() : List.copyOf(trainingLoss);
        clouds = clouds == null ? List.of() : java.util.Collections.unmodifiableList(clouds);
    }

    /** A result without point clouds. */
    public AnalysisResult(ScanMetadata scan, boolean[] mask, ScanMaps maps, FeatureTable features,
                          ClusterResult clusters, List<Double> trainingLoss, Map<String, Object> provenance) {
        this(scan, mask, maps, features, clusters, trainingLoss, provenance, List.of());
    }
}
