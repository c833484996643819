package org.braggflow.api.files;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The format name and the range of format versions a model folder reader takes, checked against what
 * a model's JSON declares, with one message naming the file.
 */
public record ModelFormat(String name, int oldestVersion, int newestVersion) {

    public ModelFormat {
        if (oldestVersion > newestVersion) throw new IllegalArgumentException("versions " + oldestVersion + " > " + newestVersion);
    }

    /** @throws IOException when {@code declaredName}/{@code declaredVersion} (read from {@code json}) is not this format */
    public int check(Path json, String declaredName, int declaredVersion) throws IOException {
        if (!name.equals(declaredName) || declaredVersion < oldestVersion || declaredVersion > newestVersion) {
            String versions = oldestVersion == newestVersion ? "format version " + newestVersion
                    : "format version " + oldestVersion + " to " + newestVersion;
            throw new IOException(json + " is not a " + name + " model of " + versions + " (it declares '" + declaredName
                    + "' version " + declaredVersion + ")");
        }
        return declaredVersion;
    }
}
