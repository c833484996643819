package org.braggflow.api.stage;

import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.osgi.annotation.versioning.ConsumerType;

/** Turns one position volume into a point cloud (docs/method.md, section 2). */
@ConsumerType
public interface CloudBuilder extends StageService {

    PointCloud build(PositionVolume volume, ScanMetadata scan, Parameters parameters);
}
