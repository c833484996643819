package org.braggflow.launcher.home;

import org.braggflow.api.files.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * The folder a Braggflow installation keeps its state in. The first start fills it from the
 * distribution (stage bundles into {@code deploy/}, default workflows and routes); later starts
 * never overwrite what users changed there.
 */
public record BraggflowHome(Path root) {

    /** Written once the home was filled from a distribution. */
    static final String MARKER = "conf/.initialised";

    /** {@code option} if given, else {@code $BRAGGFLOW_HOME}, else {@code ~/.braggflow}. */
    public static BraggflowHome resolve(Path option) {
        if (option != null) return new BraggflowHome(option.toAbsolutePath().normalize());
        String env = System.getenv("BRAGGFLOW_HOME");
        if (env != null && !env.isBlank()) return new BraggflowHome(Path.of(env).toAbsolutePath().normalize());
        return new BraggflowHome(Path.of(System.getProperty("user.home"), ".braggflow"));
    }

    public Path deploy() {
        return root.resolve("deploy");
    }

    public Path workflows() {
        return root.resolve("workflows");
    }

    public Path routes() {
        return root.resolve("routes");
    }

    public Path inbox() {
        return root.resolve("inbox");
    }

    public Path results() {
        return root.resolve("results");
    }

    public Path models() {
        return root.resolve("models");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path conf() {
        return root.resolve("conf");
    }

    /** The home's cluster settings file (docs/cluster.md): broker, credentials, shared schedules. */
    public Path clusterSettingsFile() {
        return conf().resolve("cluster.properties");
    }

    /** The settings of {@link #clusterSettingsFile()}, values trimmed; empty when there is no such file. */
    public java.util.Map<String, String> clusterSettings() throws IOException {
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        Path file = clusterSettingsFile();
        if (!Files.isRegularFile(file)) return settings;
        java.util.Properties p = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        for (String k : p.stringPropertyNames()) settings.put(k, p.getProperty(k).trim());
        return settings;
    }

    /** Files a running {@code serve} keeps for other commands: its pid, the deployed stages. */
    public Path state() {
        return root.resolve("run");
    }

    /** Creates the layout and, on the first start, copies the distribution's defaults in. */
    public void prepare(Distribution dist) throws IOException {
        for (Path p : new Path[] {deploy(), workflows(), routes(), inbox(), results(), models(), logs(), conf(), state()}) {
            Files.createDirectories(p);
        }
        Path marker = root.resolve(MARKER);
        copyShippedModels(dist.models(), models());
        if (Files.exists(marker)) {
            refreshShippedBundles(dist.stageBundles(), deploy());
            return;
        }
        copyMissing(dist.stageBundles(), deploy(), "*.jar");
        copyMissing(dist.workflows(), workflows(), "*.yaml");
        copyMissing(dist.routes(), routes(), "*.yaml");
        Files.writeString(marker, "filled from " + dist.root() + "\n");
    }

    /**
     * A home made by an earlier build of the distribution would otherwise keep that build's stage
     * bundles: a shipped jar that is newer (modification time) than the home's copy of the same name
     * replaces it. A bundle the user deployed under that name later than the distribution was built
     * is newer and stays; a shipped bundle the user removed is not brought back.
     */
    private static void refreshShippedBundles(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
                Path target = to.resolve(f.getFileName());
                if (!Files.isRegularFile(target) || Files.getLastModifiedTime(f).compareTo(Files.getLastModifiedTime(target)) <= 0) continue;
                AtomicFiles.copy(f, target);
            }
        }
    }

    /**
     * Registers every shipped model whose id the home's registry lacks (shipped workflows name them):
     * the folder, its record with every file's SHA-256 included, is copied under a hidden name, then
     * renamed, so the registry never lists half a model. A model of the same id already in the home is
     * left as it is (the registry verifies it at every load).
     */
    private static void copyShippedModels(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) return;
        try (Stream<Path> models = Files.list(from)) {
            for (Path m : models.filter(Files::isDirectory).toList()) {
                Path target = to.resolve(m.getFileName());
                if (Files.exists(target)) continue;
                Path tmp = to.resolve("." + m.getFileName() + ".part");
                org.braggflow.launcher.home.Folders.deleteTree(tmp);
                try (Stream<Path> files = Files.walk(m)) {
                    for (Path f : files.toList()) {
                        Path t = tmp.resolve(m.relativize(f).toString());
                        if (Files.isDirectory(f)) Files.createDirectories(t);
                        else Files.copy(f, t);
                    }
                }
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            }
        }
    }

    private static void copyMissing(Path from, Path to, String glob) throws IOException {
        if (!Files.isDirectory(from)) return;
        var matcher = from.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> matcher.matches(p.getFileName())).toList()) {
                Path target = to.resolve(f.getFileName());
                if (Files.exists(target)) continue;
                AtomicFiles.copy(f, target);  // FileInstall never sees half a jar
            }
        }
    }
}
