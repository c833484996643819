package org.braggflow.api.stage;

import java.io.IOException;
import java.nio.file.Path;
import org.braggflow.api.scan.LiveScan;
import org.braggflow.api.scan.ScanSource;
import org.osgi.annotation.versioning.ConsumerType;

/** Opens one input format (docs/formats.md) as a streaming {@link ScanSource}. */
@ConsumerType
public interface ScanReader extends StageService {

    /** Whether the dropped file or folder looks like this reader's format (cheap: names, magic bytes). */
    boolean accepts(Path input);

    /**
     * Opens a scan. Bad input is reported by an {@link IOException} whose message names the
     * offending file and the problem.
     */
    ScanSource open(Path input, Parameters parameters) throws IOException;

    /**
     * Opens a scan that is still being acquired, to be read angle by angle as its files become complete
     * (live mapping); null when this reader's format cannot be read that way. The input's manifest
     * (its planned angles) must exist; the angles' files need not yet.
     */
    default LiveScan openLive(Path input, Parameters parameters) throws IOException {
        return null;
    }

    /**
     * The scan id a dropped input stands for, before any reader has opened it: a folder's name, or a
     * file's name without its last extension ({@code scan-7.h5} -> {@code scan-7}). Results go to
     * {@code <results>/<workflow>/<scan id>/} and readers name their scans the same way.
     */
    static String scanId(Path input) {
        String name = input.getFileName().toString();
        if (java.nio.file.Files.isDirectory(input)) return name;
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
