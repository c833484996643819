package org.braggflow.cloud.threshold;

import java.lang.annotation.Annotation;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.CloudBuilder;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code cloud/threshold} stage. */
@Component(service = CloudBuilder.class)
@Stage(type = "cloud", name = "threshold")
public final class ThresholdCloudBuilder implements CloudBuilder {

    @Activate
    public ThresholdCloudBuilder() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return ThresholdParameters.class;
    }

    @Override
    public String description() {
        return "Keeps the voxels of a position volume above a threshold as (det_row, det_col, angle x scale) points";
    }

    @Override
    public PointCloud build(PositionVolume volume, ScanMetadata scan, Parameters parameters) {
        return ThresholdCloud.build(volume, parameters.as(ThresholdParameters.class));
    }
}
