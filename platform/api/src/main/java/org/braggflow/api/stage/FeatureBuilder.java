package org.braggflow.api.stage;

import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.ScanMetadata;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Builds the feature vectors a clusterer groups into domains (docs/method.md, section 6):
 * joins an encoder's codewords with per-position maps (peak position, shape descriptors) and puts
 * them on one scale, so that what the clusterer measures as distance is a choice made here, once,
 * and recorded in provenance.
 */
@ConsumerType
public interface FeatureBuilder extends StageService {

    /**
     * One feature vector per analysed position.
     *
     * @param scan      the scan's metadata (grid size)
     * @param mask      row-major, one flag per position: true inside the particle
     * @param maps      the maps stage's output, or null when the workflow has none
     * @param codewords the encoder's codewords, or null when the workflow has no encoder; when present
     *                  the result has exactly its positions, otherwise the masked positions whose maps
     *                  are all defined
     */
    FeatureTable build(ScanMetadata scan, boolean[] mask, ScanMaps maps, FeatureTable codewords, Parameters parameters);
}
