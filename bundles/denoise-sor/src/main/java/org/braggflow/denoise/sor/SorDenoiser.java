package org.braggflow.denoise.sor;

import java.lang.annotation.Annotation;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Denoiser;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code denoiser/sor} stage: statistical outlier removal of one cloud. */
@Component(service = Denoiser.class)
@Stage(type = "denoiser", name = "sor")
public final class SorDenoiser implements Denoiser {

    @Activate
    public SorDenoiser() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return SorParameters.class;
    }

    @Override
    public String description() {
        return "Statistical outlier removal: drops points far from their k nearest neighbours";
    }

    @Override
    public PointCloud denoise(PointCloud cloud, Parameters parameters) {
        SorParameters p = parameters.as(SorParameters.class);
        return cloud.select(StatisticalOutlierRemoval.inliers(cloud.xyz(), p.k(), p.stdRatio()));
    }
}
