package org.braggflow.scanio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves file names taken from input (scan.json) inside the scan's own folder only: no absolute
 * names, no {@code ..}, and no symbolic link that leads outside the folder.
 */
public final class SafeFiles {

    private SafeFiles() {
    }

    /**
     * @param manifest the file that named {@code name}, for the message
     * @throws ScanFormatException when the name would leave {@code folder} or the file is missing
     */
    public static Path inside(Path folder, String name, Path manifest) throws ScanFormatException {
        if (name == null || name.isBlank()) throw new ScanFormatException(manifest, "empty file name");
        Path relative = Path.of(name);
        if (relative.isAbsolute() || name.startsWith("/") || name.startsWith("\\")) {
            throw new ScanFormatException(manifest, "names an absolute path '" + name + "'; files must be inside " + folder);
        }
        for (Path part : relative) {
            if (part.toString().equals("..")) {
                throw new ScanFormatException(manifest, "names a path outside its folder '" + name + "'");
            }
        }
        Path file = folder.resolve(relative).normalize();
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ScanFormatException(manifest, "lists " + name + " but " + file + " does not exist");
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(folder.toRealPath())) {
                throw new ScanFormatException(manifest, name + " is a link leading outside " + folder + " (to " + real + ")");
            }
            return real;
        } catch (ScanFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ScanFormatException(manifest, "cannot resolve " + name + ": " + e.getMessage(), e);
        }
    }
}
