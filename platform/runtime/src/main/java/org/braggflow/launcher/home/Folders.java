package org.braggflow.launcher.home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Folder operations on what the platform made itself; never used on a user's input. */
public final class Folders {

    private Folders() {
    }

    /** Removes a folder (or file) the platform made, such as an unfinished copy; quiet when absent or when a file cannot be removed. */
    public static void deleteTree(Path folder) {
        try {
            deleteTreeOrFail(folder);
        } catch (IOException e) {
            // a leftover hidden folder is never listed or read; nothing else to do
        }
    }

    /** {@link #deleteTree}, for a caller that must know: the first file that cannot be removed is an error. */
    public static void deleteTreeOrFail(Path folder) throws IOException {
        if (!Files.exists(folder)) return;
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
