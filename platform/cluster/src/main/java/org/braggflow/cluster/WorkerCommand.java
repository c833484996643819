package org.braggflow.cluster;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.cli.Main;
import org.braggflow.launcher.cli.ToolCommand;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code braggflow worker}: runs the per-position stages (clouds, denoisers) of the chunks a
 * coordinator sends, with the bundles of this home's {@code deploy/} (hot-deployed as on serve).
 */
@Command(name = "worker", description = "Run the per-position stages of a cluster's scans with this home's bundles, until stopped.")
public final class WorkerCommand implements Callable<Integer>, ToolCommand {

    @ParentCommand
    Main main;

    @Option(names = "--broker", paramLabel = "URL", description = "The broker, e.g. tcp://host:61616 (default: broker= in <home>/conf/cluster.properties).")
    String broker;

    @Option(names = "--threads", description = "Positions worked on at once (default: the processors this JVM sees).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        BraggflowHome home = main.home();
        java.nio.file.Files.createDirectories(home.logs());
        System.setProperty("org.slf4j.simpleLogger.logFile", home.logs().resolve("worker.log").toString());
        ClusterSettings settings = ClusterSettings.of(home.root(), broker);
        if (!settings.configured()) {
            System.err.println("braggflow worker: no broker: give --broker URL or broker= in " + ClusterSettings.file(home.root()));
            return 2;
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            System.err.println("braggflow worker: --threads must be at least 1");
            return 2;
        }
        String id = ClusterWorker.host().replaceAll("[^A-Za-z0-9.-]", "-") + "-" + ProcessHandle.current().pid();
        CountDownLatch stopped = new CountDownLatch(1);
        Platform platform = Platform.start(home, Distribution.fromSystemProperty());
        ClusterWorker worker;
        Thread hook = new Thread(() -> {
            try {
                platform.close();
            } finally {
                stopped.countDown();
            }
        }, "braggflow-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            worker = new ClusterWorker(platform.startCamel(), platform.stages(), settings, id, n, home.state().resolve("cluster-models"));
            platform.onClose(worker);
            worker.start();
        } catch (Exception e) {
            // Felix's threads are not daemons: a failed start must stop the framework or the JVM stays
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            throw e;
        }
        System.out.printf("Braggflow worker %s on %s: %d stages, %d threads, ready in %d ms; log %s%n", id, settings.describe(),
                platform.stages().list().size(), n, (System.nanoTime() - t0) / 1_000_000, home.logs().resolve("worker.log"));
        System.out.flush();
        stopped.await();
        return 0;
    }
}
