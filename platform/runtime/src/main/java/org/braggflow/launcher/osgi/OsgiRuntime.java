package org.braggflow.launcher.osgi;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded OSGi framework: Felix with SCR, ConfigAdmin and FileInstall, watching a deploy
 * folder for stage bundles ({@code *.jar}); stages take their parameters from workflows, not from configuration files.
 *
 * <p>Each process gets its own framework cache (a temporary folder removed on close), so a one-shot
 * command can run beside {@code serve} on the same home; the deploy folder is the only state.
 */
public final class OsgiRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OsgiRuntime.class);

    private final Framework framework;
    private final Path cache;
    private final Path deploy;

    private OsgiRuntime(Framework framework, Path cache, Path deploy) {
        this.framework = framework;
        this.cache = cache;
        this.deploy = deploy;
    }

    /**
     * Starts the framework, installs the runtime's own bundles from {@code systemBundles}, and lets
     * FileInstall deploy {@code deploy}. Any failure stops the framework again (its threads are
     * non-daemon and would otherwise keep the JVM alive).
     *
     * @param extraSystemPackages further Export-Package clauses of the system bundle, may be empty
     */
    public static OsgiRuntime start(Path systemBundles, Path deploy, String extraSystemPackages,
                                    Duration pollInterval) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        removeStaleCaches(tmp);
        Path cache = Files.createTempDirectory(tmp, CACHE_PREFIX + ProcessHandle.current().pid() + "-");
        Map<String, Object> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        String packages = SystemPackages.fromClassPath(OsgiRuntime.class.getClassLoader());
        if (!extraSystemPackages.isBlank()) packages = packages + "," + extraSystemPackages;
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, packages);
        config.put("felix.fileinstall.dir", deploy.toAbsolutePath().toString());
        config.put("felix.fileinstall.poll", Long.toString(pollInterval.toMillis()));
        config.put("felix.fileinstall.noInitialDelay", "true");
        config.put("felix.fileinstall.bundles.new.start", "true");
        config.put("felix.fileinstall.filter", ".*\\.jar");
        config.put("felix.fileinstall.log.level", "2");
        config.put("felix.log.level", "1");

        Framework framework = new Felix(config);
        OsgiRuntime runtime = new OsgiRuntime(framework, cache, deploy);
        try {
            framework.init();
            framework.start();
            runtime.installSystemBundles(systemBundles);
            return runtime;
        } catch (BundleException | IOException | RuntimeException e) {
            runtime.close();
            throw new IOException("OSGi framework did not start: " + e.getMessage(), e);
        }
    }

    private void installSystemBundles(Path folder) throws BundleException, IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException("system bundle folder " + folder + " does not exist");
        }
        BundleContext ctx = framework.getBundleContext();
        List<Bundle> installed = new ArrayList<>();
        try (Stream<Path> jars = Files.list(folder)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                installed.add(ctx.installBundle(jar.toUri().toString()));
            }
        }
        // start libraries before FileInstall so stage bundles find SCR and ConfigAdmin running
        installed.sort(Comparator.comparing(b -> b.getSymbolicName().equals("org.apache.felix.fileinstall")));
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) b.start();
        }
    }

    public BundleContext bundleContext() {
        return framework.getBundleContext();
    }

    public Path deployFolder() {
        return deploy;
    }

    /**
     * Waits until every jar now in the deploy folder is installed and active, at most
     * {@code timeout}. Returns the jars that did not become active (empty when all did).
     */
    public List<String> awaitDeployed(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> pending;
        do {
            pending = new ArrayList<>();
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(deploy, "*.jar")) {
                for (Path jar : jars) {
                    if (!isActive(jar)) pending.add(jar.getFileName().toString());
                }
            }
            if (pending.isEmpty()) return pending;
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return pending;
    }

    private boolean isActive(Path jar) {
        String name = jar.getFileName().toString();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            String location = b.getLocation();
            if (location.endsWith("/" + name) && b.getState() == Bundle.ACTIVE) return true;
        }
        return false;
    }

    @Override
    public void close() {
        try {
            framework.stop();
            framework.waitForStop(10_000);
        } catch (BundleException e) {
            LOG.warn("framework did not stop cleanly: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(cache);
        }
    }

    /** Framework caches are named {@code braggflow-felix-<pid>-<random>} in the temporary folder. */
    static final String CACHE_PREFIX = "braggflow-felix-";

    /**
     * Removes the framework caches of processes that no longer run: a process killed with -9 never
     * reaches {@link #close()}, and each cache holds a few MB of bundle copies. A cache whose process
     * still runs, or whose name carries no process id, is left alone.
     */
    static void removeStaleCaches(Path tmp) {
        try (java.nio.file.DirectoryStream<Path> caches = Files.newDirectoryStream(tmp, CACHE_PREFIX + "*")) {
            for (Path cache : caches) {
                String rest = cache.getFileName().toString().substring(CACHE_PREFIX.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !rest.substring(0, dash).chars().allMatch(Character::isDigit)) continue;
                long pid = Long.parseLong(rest.substring(0, dash));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                deleteQuietly(cache);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not look for stale framework caches in {}: {}", tmp, e.getMessage());
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", dir, e.getMessage());
        }
    }
}
