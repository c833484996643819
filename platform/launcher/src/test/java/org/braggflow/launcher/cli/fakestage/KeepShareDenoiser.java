package org.braggflow.launcher.cli.fakestage;

import java.lang.annotation.Annotation;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Denoiser;
import org.braggflow.api.stage.Parameter;
import org.braggflow.api.stage.Parameters;

/**
 * Test stage {@code denoiser/keep-share}: keeps the first points of a cloud. Packed into a bundle jar by
 * {@link org.braggflow.launcher.cli.TestDistribution} so the commands find a real deployed stage.
 */
public final class KeepShareDenoiser implements Denoiser {

    public enum Count { FRACTION_OF_SIZE, ABSOLUTE }

    @interface Params {
        @Parameter(doc = "How keep is read: fraction-of-size (a share of the points) or absolute (a number of points)")
        Count count() default Count.FRACTION_OF_SIZE;

        @Parameter(doc = "Points kept, from the first", unit = "share or points", min = 0)
        double keep() default 0.5;
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return Params.class;
    }

    @Override
    public String description() {
        return "Keeps the first points of a cloud (a test stage)";
    }

    @Override
    public PointCloud denoise(PointCloud cloud, Parameters parameters) {
        Params p = parameters.as(Params.class);
        long kept = p.count() == Count.ABSOLUTE ? Math.round(p.keep()) : Math.round(p.keep() * cloud.size());
        boolean[] keep = new boolean[cloud.size()];
        for (int i = 0; i < Math.min(kept, cloud.size()); i++) keep[i] = true;
        return cloud.select(keep);
    }
}
