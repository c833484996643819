package org.braggflow.api.stage;

import org.braggflow.api.scan.ScanMetadata;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Conventional per-position maps of a scan (docs/method.md, section 4). The platform streams every position
 * volume through one accumulator per scan, in the same pass that builds point clouds, so a scan is
 * read once.
 */
@ConsumerType
public interface MapCalculator extends StageService {

    MapAccumulator start(ScanMetadata scan, Parameters parameters);

    /** Maps updated angle by angle while the scan is acquired (live mapping); null when this stage has none. */
    default LiveMapAccumulator startLive(ScanMetadata scan, Parameters parameters) {
        return null;
    }
}
