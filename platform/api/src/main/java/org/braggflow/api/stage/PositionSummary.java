package org.braggflow.api.stage;

import org.braggflow.api.scan.PositionVolume;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a stage keeps of each position volume as the scan is first read (a few values per frame, not the
 * frames), so that it need not read the scan again later in the run. Called from several threads at once,
 * positions in any order.
 *
 * @since 1.5.0
 */
@ConsumerType
public interface PositionSummary {

    /**
     * What the values are and how they were made (with whatever parameters shape them): a stage uses
     * summaries only of the kind it would make itself, so a stage redeployed in the middle of a run with
     * other settings reads the volumes instead.
     */
    String kind();

    /** The summary of one position's volume. */
    float[] of(PositionVolume volume);
}
