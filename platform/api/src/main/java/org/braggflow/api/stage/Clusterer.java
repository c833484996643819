package org.braggflow.api.stage;

import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.osgi.annotation.versioning.ConsumerType;

/** Groups positions by their features into defect domains (docs/method.md, section 7). */
@ConsumerType
public interface Clusterer extends StageService {

    ClusterResult cluster(FeatureTable features, Parameters parameters);
}
