package org.braggflow.export.files;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import org.braggflow.api.cloud.PlyFiles;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.stage.Exporter;
import org.braggflow.api.stage.Parameter;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code exporter/clouds} stage: the denoised point cloud of every analysed position as
 * {@code clouds/r<row>_c<col>.ply} (ASCII PLY, docs/formats.md), the clouds the encoder saw. Kept clouds
 * are what scheduled retraining trains on, and what CloudCompare or Open3D show of one position.
 */
@Component(service = Exporter.class)
@Stage(type = "exporter", name = "clouds")
public final class CloudsExporter implements Exporter {

    @interface CloudsParameters {
        @Parameter(doc = "Write each point's intensity as a fourth vertex property when the cloud builder kept it")
        boolean intensity() default true;
    }

    @Activate
    public CloudsExporter() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return CloudsParameters.class;
    }

    @Override
    public String description() {
        return "Writes the denoised point cloud of every analysed position as clouds/r<row>_c<col>.ply";
    }

    @Override
    public void export(AnalysisResult r, Path folder, Parameters parameters) throws IOException {
        boolean intensity = parameters.as(CloudsParameters.class).intensity();
        Path clouds = Files.createDirectories(folder.resolve("clouds"));
        for (PointCloud c : r.clouds()) {
            PointCloud written = intensity || !c.hasIntensity() ? c : new PointCloud(c.row(), c.col(), c.xyz(), null);
            PlyFiles.write(written, clouds.resolve("r" + c.row() + "_c" + c.col() + ".ply"));
        }
    }
}
