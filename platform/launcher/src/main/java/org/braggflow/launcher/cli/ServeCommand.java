package org.braggflow.launcher.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.stage.StageListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The long-running platform: deploys stages (and redeploys them as the deploy folder changes), runs
 * Camel routes, until SIGTERM or Ctrl-C.
 */
@Command(name = "serve", description = "Run the platform until stopped (SIGTERM or Ctrl-C).")
final class ServeCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--http", paramLabel = "[HOST:]PORT",
            description = "Also serve the web dashboard on this port (localhost unless a host is given; "
                    + "beyond localhost every request needs the token printed at start). Off by default.")
    String http;

    @Option(names = "--broker", paramLabel = "URL",
            description = "Coordinate a cluster: send the per-position stages to workers through this broker, e.g. tcp://host:61616 "
                    + "(default: broker= in <home>/conf/cluster.properties; without either, everything runs in this process).")
    String broker;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        BraggflowHome home = main.home();
        // serve logs to <home>/logs/braggflow.log; set before the first logger is created
        java.nio.file.Files.createDirectories(home.logs());
        System.setProperty("org.slf4j.simpleLogger.logFile", home.logs().resolve("braggflow.log").toString());
        ServeState state = ServeState.of(home);
        if (state.isServing()) {
            System.err.println("braggflow: serve already runs on " + home.root() + " (" + state.pidFile() + ")");
            return 2;
        }
        org.braggflow.dashboard.HttpAddress address = null;
        if (http != null) {
            try {
                address = org.braggflow.dashboard.HttpAddress.parse(http);
            } catch (IllegalArgumentException e) {
                System.err.println("braggflow: " + e.getMessage());
                return 2;
            }
        }
        String dashboardUrl = null;
        String coordinating = null;
        String schedules = null;
        CountDownLatch stopped = new CountDownLatch(1);
        Platform platform = Platform.start(home, Distribution.fromSystemProperty());
        Thread hook = new Thread(() -> {
            try {
                platform.close();
            } finally {
                state.clear();
                stopped.countDown();
            }
        }, "braggflow-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Runnable publish = () -> {
                try {
                    state.writeStages(StageListing.of(platform.stages().list()));
                } catch (java.io.IOException e) {
                    System.err.println("braggflow: cannot write " + state.stagesFile() + ": " + e.getMessage());
                }
            };
            platform.stages().addListener(publish);
            publish.run();
            org.apache.camel.CamelContext camel = platform.startCamel();
            java.util.Map<String, String> cluster = home.clusterSettings();
            if (org.braggflow.launcher.serve.ClusteredSchedules.install(camel, cluster)) schedules = "shared through " + cluster.get("schedules.jdbc.url");
            org.braggflow.launcher.run.RemotePositions remote = remote(cluster, camel, home);
            if (remote != null) {
                platform.onClose(remote);
                coordinating = remote.describe();
            }
            org.braggflow.launcher.run.ScanRunner runner = new org.braggflow.launcher.run.ScanRunner(camel, platform.stages(), remote);
            org.braggflow.launcher.serve.WorkflowService workflows =
                    new org.braggflow.launcher.serve.WorkflowService(home.root(), camel, platform.stages(), runner);
            platform.onClose(workflows);
            platform.onClose(runner);
            workflows.start();
            if (address != null) {
                org.braggflow.dashboard.DashboardServer dashboard = org.braggflow.dashboard.DashboardServer.start(address, camel, home,
                        platform.stages(), workflows, platform.osgi().bundleContext());
                platform.onClose(dashboard);
                dashboardUrl = dashboard.url();
            }
            state.writePid();
        } catch (Exception e) {
            // a failed start must not leave Felix's non-daemon threads keeping the JVM alive
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            throw e;
        }
        if (dashboardUrl != null) System.out.println("dashboard: " + dashboardUrl);
        if (coordinating != null) System.out.println("coordinating workers through broker " + coordinating);
        if (schedules != null) System.out.println("workflow schedules " + schedules);
        System.out.printf("Braggflow serving %s: %d stages, ready in %d ms; log %s%n", home.root(),
                platform.stages().list().size(), (System.nanoTime() - t0) / 1_000_000, home.logs().resolve("braggflow.log"));
        System.out.flush();
        stopped.await();
        return 0;
    }

    /**
     * The cluster's side of the runner when a broker is named (option, else {@code broker=} in
     * {@code <home>/conf/cluster.properties}); null when none is, and everything runs here as before.
     */
    private org.braggflow.launcher.run.RemotePositions remote(java.util.Map<String, String> settings, org.apache.camel.CamelContext camel, BraggflowHome home) throws Exception {
        String url = broker != null ? broker : settings.get("broker");
        if (url == null || url.isBlank()) return null;
        var factory = java.util.ServiceLoader.load(org.braggflow.launcher.run.RemotePositions.Factory.class, ServeCommand.class.getClassLoader())
                .findFirst().orElseThrow(() -> new BadInputException("a broker is named (" + url + ") but braggflow-cluster is not in lib/"));
        return factory.connect(camel, url, settings, home.models());
    }
}
