package org.braggflow.api.stage;

import java.io.IOException;
import java.nio.file.Path;
import org.braggflow.api.result.AnalysisResult;
import org.osgi.annotation.versioning.ConsumerType;

/** Writes (part of) the output folder of an analysed scan (docs/formats.md, section 4). */
@ConsumerType
public interface Exporter extends StageService {

    void export(AnalysisResult result, Path folder, Parameters parameters) throws IOException;
}
