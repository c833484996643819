package org.braggflow.launcher.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks of the paths a command is given, made before any work starts, so a mistyped path stops the
 * command at once with the path and the problem named (exit 2) instead of failing half way with the
 * bare path of an exception.
 */
final class InputPaths {

    static final String NO_SUCH = "no such file or folder";

    private InputPaths() {
    }

    /** A file or folder that exists and can be read (scans are either). */
    static Path existing(Path p) {
        if (!Files.exists(p)) throw new BadInputException(p + ": " + NO_SUCH);
        if (!Files.isReadable(p)) throw new BadInputException(p + ": not readable (permission denied)");
        return p;
    }

    /** A readable file, not a folder. */
    static Path file(Path p) {
        existing(p);
        if (Files.isDirectory(p)) throw new BadInputException(p + ": is a folder, a file is needed");
        return p;
    }

    /** A readable folder, not a file. */
    static Path folder(Path p) {
        existing(p);
        if (!Files.isDirectory(p)) throw new BadInputException(p + ": is a file, a folder is needed");
        return p;
    }

    /**
     * A place a command will write to: the nearest part of it that exists is a writable folder (or it
     * is itself an existing file or folder that the command replaces or fills), so the folders missing
     * in between can be created. Nothing is created here.
     */
    static Path writable(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            if (!Files.isWritable(abs)) throw new BadInputException(p + ": not writable (permission denied)");
            return p;
        }
        Path parent = abs.getParent();
        while (parent != null && !Files.exists(parent)) parent = parent.getParent();
        if (parent == null) throw new BadInputException(p + ": no folder of it exists");
        if (!Files.isDirectory(parent)) throw new BadInputException(p + ": cannot be created, " + parent + " is a file, not a folder");
        if (!Files.isWritable(parent)) throw new BadInputException(p + ": cannot be created, folder " + parent + " is not writable");
        return p;
    }
}
