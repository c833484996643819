package org.braggflow.api.stage;

import org.braggflow.api.cloud.PointCloud;
import org.osgi.annotation.versioning.ConsumerType;

/** Removes or moves noisy points of one cloud (science.md steps 3 and 4). Thread-safe. */
@ConsumerType
public interface Denoiser extends StageService {

    PointCloud denoise(PointCloud cloud, Parameters parameters);
}
