package org.braggflow.launcher.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.braggflow.api.files.AtomicFiles;

/**
 * Moves a processed input out of the inbox (docs/formats.md, section 3): to {@code <inbox>/.done/} when it
 * succeeded, to {@code <inbox>/.failed/} with {@code <name>.error.txt} beside it when it did not. A
 * name already taken gets a time suffix. Inputs are never deleted.
 */
final class InboxMover {

    private InboxMover() {
    }

    static Path done(Path inbox, Path input) throws IOException {
        return move(inbox.resolve(".done"), input);
    }

    static Path failed(Path inbox, Path input, String error) throws IOException {
        Path target = move(inbox.resolve(".failed"), input);
        // whole or not at all: a watcher of .failed (a user's tool, the dashboard) read an empty reason when it
        // opened the file between its creation and the write
        AtomicFiles.writeString(target.resolveSibling(target.getFileName() + ".error.txt"), error.endsWith("\n") ? error : error + "\n");
        return target;
    }

    private static Path move(Path folder, Path input) throws IOException {
        Files.createDirectories(folder);
        Path target = folder.resolve(input.getFileName());
        if (Files.exists(target)) {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
            target = folder.resolve(input.getFileName() + "." + stamp);
        }
        return Files.move(input, target, StandardCopyOption.ATOMIC_MOVE);
    }
}
