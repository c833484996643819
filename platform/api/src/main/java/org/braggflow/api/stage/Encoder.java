package org.braggflow.api.stage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.braggflow.api.cloud.PointCloud;
import org.osgi.annotation.versioning.ConsumerType;

/** Learns a feature vector per point cloud (docs/method.md, section 5). */
@ConsumerType
public interface Encoder extends StageService {

    EncoderModel train(List<PointCloud> clouds, Parameters parameters, ProgressListener progress) throws IOException;

    /** One feature vector per cloud, in order. */
    float[][] encode(EncoderModel model, List<PointCloud> clouds) throws IOException;

    /** Writes the model into a folder; the files hold data only, never serialised objects. */
    void save(EncoderModel model, Path folder) throws IOException;

    EncoderModel load(Path folder) throws IOException;
}
