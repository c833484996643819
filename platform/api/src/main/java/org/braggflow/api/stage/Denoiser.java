package org.braggflow.api.stage;

import org.braggflow.api.cloud.PointCloud;
import org.osgi.annotation.versioning.ConsumerType;

/** Removes or moves noisy points of one cloud (docs/method.md, section 3). Thread-safe. */
@ConsumerType
public interface Denoiser extends StageService {

    PointCloud denoise(PointCloud cloud, Parameters parameters);
}
