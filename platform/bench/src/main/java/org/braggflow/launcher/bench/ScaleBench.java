package org.braggflow.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.cli.WorkflowFiles;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.run.RunRecord;
import org.braggflow.launcher.run.ScanRunner;
import org.braggflow.launcher.workflow.Workflow;
import org.braggflow.launcher.workflow.WorkflowValidator;

/**
 * The scale benchmark ({@code bench --scale}): a scan of a real region's size, written as the
 * detector writes it (format B2: uint16 frames, compressed, one HDF5 file per angle), run through a
 * shipped workflow by the engine {@code serve} uses. Prints positions/s, input GB/s (decoded and on
 * disk), the peak resident memory of the run alone and each stage's seconds.
 *
 * <p>The scan is simulated by a separate {@code braggflow simulate} process, so that the run's
 * resident memory is not the simulator's; it is kept in the scale folder and reused by later runs
 * of the same size and compression.
 */
final class ScaleBench {

    private final Platform platform;
    private final BraggflowHome home;
    private final int rows, cols, angles, det;
    private final String compression;
    private final String workflow;
    private final Path folder;

    ScaleBench(Platform platform, BraggflowHome home, int[] size, String compression, String workflow, Path dir) {
        this.platform = platform;
        this.home = home;
        this.rows = size[0];
        this.cols = size[1];
        this.angles = size[2];
        this.det = size[3];
        this.compression = compression;
        this.workflow = workflow;
        this.folder = dir.resolve("scale-" + rows + "x" + cols + "x" + angles + "x" + det + "-" + compression);
    }

    void run() throws Exception {
        double decodedGb = 2.0 * rows * cols * angles * det * det / 1e9;
        System.out.printf("%nscale: %d x %d positions, %d angles, %d x %d uint16 frames (%.1f GB decoded), %s-compressed detector files; "
                + "workflow %s%n", rows, cols, angles, det, det, decodedGb, compression, workflow);
        if (!Files.exists(folder.resolve("scan.json"))) simulate();
        else System.out.println("  scan kept from an earlier run: " + folder);
        double onDiskGb = sizeOnDisk() / 1e9;

        Workflow w = WorkflowFiles.parse(home, WorkflowFiles.locate(home, workflow)).withResults(folder.resolveSibling(folder.getFileName() + "-results"));
        WorkflowValidator.Result check = WorkflowFiles.validator(platform.stages()).validate(w);
        if (!check.valid() || !check.waitingFor().isEmpty()) {
            throw new IOException("workflow " + workflow + " cannot run here: " + check.problems() + " " + check.waitingFor());
        }
        boolean peakReset = resetPeakResident();
        long before = VirtualScanBench.peakResidentKb();
        // sampled only where the kernel's peak could not be reset
        ResidentSampler sampler = new ResidentSampler();
        if (!peakReset) sampler.start();
        CoreUse cores = new CoreUse(Runtime.getRuntime().availableProcessors());
        cores.start();
        ScanRunner.RunOutcome outcome;
        long t0 = System.nanoTime();
        try (ScanRunner runner = new ScanRunner(platform.startCamel(), platform.stages())) {
            outcome = runner.run(w, folder, ProgressListener.NONE);
        } finally {
            if (!peakReset) sampler.stop();
            cores.stop();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!outcome.succeeded()) throw new IOException("the scale run failed: " + outcome.error() + " (" + outcome.folder().resolve("run.json") + ")");
        RunRecord record = outcome.record();
        long positions = (long) rows * cols;
        RunRecord.Positions p = record.positions();
        System.out.printf("  %d positions (%d in the particle's mask) in %.1f s: %.1f positions/s; input %.2f GB/s decoded, %.3f GB/s read "
                        + "from disk (%.2f GB on disk)%n", positions, p == null ? -1 : p.inMask(), seconds, positions / seconds,
                decodedGb / seconds, onDiskGb / seconds, onDiskGb);
        long peak = peakReset ? VirtualScanBench.peakResidentKb() : sampler.peakKb();
        System.out.printf("  peak resident memory of the run %d MB (%s; %d MB resident when it started), heap limit %d MB%n",
                peak >> 10, peakReset ? "the kernel's high-water mark, reset before the run" : "sampled every 100 ms",
                before >> 10, Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("  " + cores.summary());
        System.out.println("  " + record.stageTimesLine());
        System.out.println("  results: " + outcome.folder());
    }

    /** Writes the scan with {@code braggflow simulate} in its own process (its own heap, its own resident memory). */
    private void simulate() throws IOException, InterruptedException {
        Path bin = Distribution.fromSystemProperty().root().resolve("bin").resolve("braggflow");
        Files.createDirectories(folder.getParent());
        ProcessBuilder pb = new ProcessBuilder(bin.toString(), "--home", home.root().toString(), "simulate", "--format", "areadetector",
                "--compression", compression, "--out", folder.toString(), "--rows", Integer.toString(rows), "--cols", Integer.toString(cols),
                "--angles", Integer.toString(angles), "--det", Integer.toString(det), Integer.toString(det)).inheritIO();
        long t0 = System.nanoTime();
        int code = pb.start().waitFor();
        if (code != 0) throw new IOException("braggflow simulate exited with " + code + " writing " + folder);
        System.out.printf("  simulated in %.0f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private long sizeOnDisk() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".h5")).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    /** Resets the kernel's peak resident set of this process to the current one (Linux: clear_refs 5). */
    private static boolean resetPeakResident() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Samples the resident set every 100 ms, where the kernel's peak cannot be reset. */
    private static final class ResidentSampler {
        private final AtomicLong peak = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(this::sample, "scale-bench-resident");

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }

        long peakKb() {
            return peak.get();
        }

        private void sample() {
            while (running.get()) {
                try {
                    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                        if (line.startsWith("VmRSS:")) peak.accumulateAndGet(Long.parseLong(line.replaceAll("[^0-9]", "")), Math::max);
                    }
                    Thread.sleep(100);
                } catch (IOException | NumberFormatException e) {
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
