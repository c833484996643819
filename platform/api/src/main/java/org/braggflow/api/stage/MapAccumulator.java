package org.braggflow.api.stage;

import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.PositionVolume;
import org.osgi.annotation.versioning.ConsumerType;

/** Collects per-position values of one scan; thread-safe, positions arrive in any order. */
@ConsumerType
public interface MapAccumulator {

    /** Adds one position; values of positions outside the mask are left undefined except intensity. */
    void add(PositionVolume volume, boolean inMask);

    /** The maps of the whole scan, once every position was added. */
    ScanMaps finish();
}
