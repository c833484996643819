package org.braggflow.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The system's Python, where scripts/bench.sh installs the peers from Debian's packages. */
final class DebianPython {

    static final Path PYTHON = Path.of("/usr/bin/python3");

    private DebianPython() {
    }

    /** The version of a Python module there, or empty when Python or the module is missing. */
    static String moduleVersion(String module) {
        if (!Files.isExecutable(PYTHON)) return "";
        try {
            Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + module + "; print(" + module + ".__version__)")
                    .redirectErrorStream(true).start();
            String v = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor() == 0 ? v.lines().reduce((a, b) -> b).orElse("") : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
