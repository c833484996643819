package org.braggflow.denoise.lpaici;

import java.lang.annotation.Annotation;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Denoiser;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** The {@code denoiser/lpa-ici} stage: anisotropic LPA-ICI denoising of one cloud. */
@Component(service = Denoiser.class)
@Stage(type = "denoiser", name = "lpa-ici")
public final class LpaIciDenoiser implements Denoiser {

    @Activate
    public LpaIciDenoiser() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return LpaIciParameters.class;
    }

    @Override
    public String description() {
        return "LPA-ICI anisotropic denoising: moves points onto surfaces fitted in adaptive directional neighbourhoods";
    }

    @Override
    public PointCloud denoise(PointCloud cloud, Parameters parameters) {
        LpaIciParameters p = parameters.as(LpaIciParameters.class);
        LpaIciFilter filter = new LpaIciFilter(new LpaIciFilter.Settings(
                LpaIciFilter.scales(p.scaleStart(), p.scaleRatio(), p.scaleSteps()), p.gamma(), p.passes(),
                p.passSigmaRatio(), p.neighbours(), p.minPoints(), p.halfDepthPerSide(), p.halfDepthSigmas(),
                p.weights(), p.maxResidual(), p.centreStep()));
        float[] moved = filter.denoise(cloud.xyz(), p.sigma(), p.density(), p.scaleMode());
        // Points move but none is removed, so intensities stay aligned; copied so the clouds share no arrays.
        float[] intensity = cloud.intensity() == null ? null : cloud.intensity().clone();
        return new PointCloud(cloud.row(), cloud.col(), moved, intensity);
    }
}
