package org.braggflow.launcher.cli;

import org.braggflow.api.files.AtomicFiles;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import org.braggflow.launcher.home.BraggflowHome;

/**
 * What a running {@code serve} publishes in {@code <home>/run/} for other commands: its pid and the
 * stages it has deployed now. Files are replaced atomically, so a reader never sees half of one.
 */
record ServeState(Path folder) {

    static ServeState of(BraggflowHome home) {
        return new ServeState(home.state());
    }

    Path pidFile() {
        return folder.resolve("serve.pid");
    }

    Path stagesFile() {
        return folder.resolve("stages.json");
    }

    /** Whether a serve process that wrote the pid file is alive. */
    boolean isServing() {
        try {
            long pid = Long.parseLong(Files.readString(pidFile()).trim());
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && Files.exists(stagesFile());
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    void writePid() throws IOException {
        write(pidFile(), Long.toString(ProcessHandle.current().pid()));
    }

    void clear() {
        try {
            Files.deleteIfExists(pidFile());
            Files.deleteIfExists(stagesFile());
        } catch (IOException e) {
            // best effort at shutdown; a stale pid file is recognised by its dead process
        }
    }

    void writeStages(List<Map<String, Object>> listing) throws IOException {
        write(stagesFile(), Json.pretty(listing));
    }

    List<Map<String, Object>> readStages() throws IOException {
        return Json.MAPPER.readValue(stagesFile().toFile(), new TypeReference<>() { });
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        AtomicFiles.writeString(file, text);
    }
}
