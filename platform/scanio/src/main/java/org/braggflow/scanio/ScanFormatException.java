package org.braggflow.scanio;

import java.io.IOException;
import java.nio.file.Path;

/** Bad input: one message naming the file and the problem, as users read it in {@code .error.txt}. */
public final class ScanFormatException extends IOException {

    private final Path file;

    public ScanFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public ScanFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
