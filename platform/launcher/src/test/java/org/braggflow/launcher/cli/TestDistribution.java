package org.braggflow.launcher.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.braggflow.launcher.cli.fakestage.KeepShareActivator;
import org.braggflow.launcher.cli.fakestage.KeepShareDenoiser;
import org.braggflow.launcher.home.Distribution;

/**
 * Test fixture: a distribution folder with the runtime's system bundles (the build copies them to the
 * folder in the {@code braggflow.system.bundles} property) and one stage bundle, {@code denoiser/keep-share},
 * so commands can start a real platform in the test's process. Set as {@code braggflow.dist} while open.
 */
final class TestDistribution implements AutoCloseable {

    static final String STAGE = "denoiser/keep-share";

    private final String previous;
    final Path root;

    private TestDistribution(Path root) {
        this.root = root;
        this.previous = System.setProperty(Distribution.PROPERTY, root.toString());
    }

    static TestDistribution create(Path folder) throws IOException {
        String system = System.getProperty("braggflow.system.bundles");
        if (system == null) throw new IllegalStateException("braggflow.system.bundles is not set (the launcher's surefire configuration sets it)");
        Files.createDirectories(folder);
        Path systemCopy = Files.createDirectories(folder.resolve("system"));
        try (var jars = Files.list(Path.of(system))) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) Files.copy(jar, systemCopy.resolve(jar.getFileName()));
        }
        writeStageBundle(Files.createDirectories(folder.resolve("bundles")).resolve("keep-share-0.0.1.jar"));
        return new TestDistribution(folder);
    }

    private static void writeStageBundle(Path jar) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.braggflow.test.keepshare");
        a.putValue("Bundle-Version", "0.0.1");
        a.putValue("Bundle-Activator", KeepShareActivator.class.getName());
        a.putValue("Import-Package", "org.braggflow.api.stage,org.braggflow.api.cloud,org.osgi.framework");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
            for (String c : new String[] {"KeepShareActivator", "KeepShareDenoiser", "KeepShareDenoiser$Count", "KeepShareDenoiser$Params"}) {
                String entry = KeepShareDenoiser.class.getPackageName().replace('.', '/') + "/" + c + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = KeepShareDenoiser.class.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    @Override
    public void close() {
        if (previous == null) System.clearProperty(Distribution.PROPERTY);
        else System.setProperty(Distribution.PROPERTY, previous);
    }
}
