package org.braggflow.api.result;

import java.util.Map;
import org.braggflow.api.scan.ScanMetadata;

/**
 * Everything an analysis produced for one scan, handed to exporters. Parts a workflow did not
 * compute are null. {@code provenance} is the run record (contracts.md, run.json) as nested maps
 * and lists of plain values.
 */
public record AnalysisResult(ScanMetadata scan, boolean[] mask, ScanMaps maps, FeatureTable features,
                             ClusterResult clusters, Map<String, Object> provenance) {
}
