package org.braggflow.api.stage;

import java.io.IOException;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.ScanSource;
import org.osgi.annotation.versioning.ConsumerType;

/** Conventional per-position maps of a whole scan (science.md step 7), streaming its positions. */
@ConsumerType
public interface MapCalculator extends StageService {

    ScanMaps compute(ScanSource scan, Parameters parameters, ProgressListener progress) throws IOException;
}
