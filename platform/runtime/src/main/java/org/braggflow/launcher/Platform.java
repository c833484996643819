package org.braggflow.launcher;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.braggflow.launcher.camel.StageComponent;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.osgi.OsgiRuntime;
import org.braggflow.launcher.stage.StageRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running platform: the OSGi framework with its deployed stages and, when asked for, a Camel
 * context whose {@code stage:} component reaches them. Closing stops both.
 */
public final class Platform implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Platform.class);

    /** How often FileInstall looks at the deploy folder. */
    static final Duration DEPLOY_POLL = Duration.ofMillis(500);

    private final BraggflowHome home;
    private final Distribution dist;
    private final OsgiRuntime osgi;
    private final StageRegistry stages;
    private CamelContext camel;
    private final java.util.Deque<AutoCloseable> closeFirst = new java.util.ArrayDeque<>();

    private Platform(BraggflowHome home, Distribution dist, OsgiRuntime osgi, StageRegistry stages) {
        this.home = home;
        this.dist = dist;
        this.osgi = osgi;
        this.stages = stages;
    }

    /**
     * Starts the framework on a prepared home and waits (bounded) until the bundles now in
     * {@code deploy/} are active. Bundles that do not start are reported, not fatal.
     */
    public static Platform start(BraggflowHome home, Distribution dist) throws IOException, InterruptedException {
        home.prepare(dist);
        OsgiRuntime osgi = OsgiRuntime.start(dist.systemBundles(), home.deploy(), "", DEPLOY_POLL);
        Platform platform = new Platform(home, dist, osgi, new StageRegistry(osgi.bundleContext()));
        try {
            List<String> pending = osgi.awaitDeployed(Duration.ofSeconds(10));
            if (!pending.isEmpty()) {
                LOG.warn("bundles in {} that did not start: {}", home.deploy(), pending);
            }
            return platform;
        } catch (IOException | InterruptedException | RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /**
     * Starts Camel with the {@code stage:} component, the distribution's route templates
     * ({@code routes/templates/*.yaml}, which the workflow engine instantiates) and the user's routes
     * from {@code <home>/routes/*.yaml}.
     */
    public CamelContext startCamel() throws Exception {
        if (camel != null) return camel;
        DefaultCamelContext ctx = new DefaultCamelContext();
        ctx.getCamelContextExtension().setName("braggflow");
        ctx.addComponent("stage", new StageComponent(stages));
        List<Resource> routes = new ArrayList<>();
        for (Path folder : List.of(dist.routes().resolve("templates"), home.routes())) {
            if (!Files.isDirectory(folder)) continue;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.yaml")) {
                for (Path f : files) routes.add(ResourceHelper.resolveResource(ctx, "file:" + f.toAbsolutePath()));
            }
        }
        try {
            ctx.start();
            if (!routes.isEmpty()) PluginHelper.getRoutesLoader(ctx).loadRoutes(routes);
        } catch (Exception e) {
            ctx.close();
            throw e;
        }
        camel = ctx;
        return ctx;
    }

    public BraggflowHome home() {
        return home;
    }

    public StageRegistry stages() {
        return stages;
    }

    public OsgiRuntime osgi() {
        return osgi;
    }

    /** Closes {@code resource} before Camel and the framework stop (latest registered first). */
    public void onClose(AutoCloseable resource) {
        closeFirst.push(resource);
    }

    @Override
    public void close() {
        while (!closeFirst.isEmpty()) {
            try {
                closeFirst.pop().close();
            } catch (Exception e) {
                LOG.warn("{} did not close cleanly: {}", e.getClass().getSimpleName(), e.getMessage());
            }
        }
        if (camel != null) {
            try {
                camel.close();
            } catch (Exception e) {
                LOG.warn("Camel did not stop cleanly: {}", e.getMessage());
            }
        }
        stages.close();
        osgi.close();
    }
}
