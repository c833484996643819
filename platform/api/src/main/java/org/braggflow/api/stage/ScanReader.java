package org.braggflow.api.stage;

import java.io.IOException;
import java.nio.file.Path;
import org.braggflow.api.scan.ScanSource;
import org.osgi.annotation.versioning.ConsumerType;

/** Opens one input format (contracts.md section 2) as a streaming {@link ScanSource}. */
@ConsumerType
public interface ScanReader extends StageService {

    /** Whether the dropped file or folder looks like this reader's format (cheap: names, magic bytes). */
    boolean accepts(Path input);

    /**
     * Opens a scan. Bad input is reported by an {@link IOException} whose message names the
     * offending file and the problem.
     */
    ScanSource open(Path input, Parameters parameters) throws IOException;
}
