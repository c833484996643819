package org.braggflow.launcher.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /**
     * A temporary folder holding a peer's script (a resource beside this class) and the files it reads;
     * removed with everything in it on close.
     */
    static final class Workspace implements AutoCloseable {
        final Path dir;
        final Path script;

        Workspace(String scriptResource) throws IOException {
            dir = Files.createTempDirectory("braggflow-peer");
            script = dir.resolve(scriptResource);
            try (var in = DebianPython.class.getResourceAsStream(scriptResource)) {
                Files.copy(in, script);
            }
        }

        /** Writes the values, in order, as little-endian float32 into {@code name}; returns its path. */
        Path writeFloats(String name, List<float[]> arrays) throws IOException {
            int n = 0;
            for (float[] a : arrays) n += a.length;
            ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] a : arrays) for (float v : a) b.putFloat(v);
            Path file = dir.resolve(name);
            Files.write(file, b.array());
            return file;
        }

        @Override
        public void close() {
            org.braggflow.launcher.home.Folders.deleteTree(dir);
        }
    }
}
