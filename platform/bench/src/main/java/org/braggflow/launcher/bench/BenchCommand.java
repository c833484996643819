package org.braggflow.launcher.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.CloudBuilder;
import org.braggflow.api.stage.Denoiser;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ScanReader;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.cli.Main;
import org.braggflow.launcher.cli.ToolCommand;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.stage.DeployedStage;
import org.braggflow.scanio.simulate.SimulatedScan;
import org.braggflow.scanio.simulate.SimulationSpec;
import org.braggflow.spatial.KdTree;
import org.braggflow.spatial.Neighbours;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Speed and memory figures, each the median of several runs, next to the peer it is measured against:
 * the kd-tree against brute force, stage throughput per cloud, scan reading against raw HDF5 reads.
 */
@Command(name = "bench", description = "Print speed and memory figures (medians) of the spatial index, denoisers and scan reading.")
public final class BenchCommand implements Callable<Integer>, ToolCommand {

    @ParentCommand
    Main main;

    @Option(names = "--repeats", defaultValue = "5", description = "Runs per figure; the median is printed (default ${DEFAULT-VALUE})")
    int repeats;

    @Option(names = "--scan", arity = "3", paramLabel = "ROWS COLS ANGLES", description = "Size of the simulated scans read (default 32 40 15, 64 x 64 detector)")
    int[] scan = {32, 40, 15};

    @Option(names = "--only", split = ",", paramLabel = "SECTION", description = "Run only these sections (comma-separated): "
            + "index, clouds, denoisers, chain, sor, read, encoders, virtual, scale (default: all; virtual only with --virtual-gb, scale only with --scale)")
    java.util.Set<String> only = new java.util.LinkedHashSet<>();

    @Option(names = "--virtual-gb", paramLabel = "GB", description = "Stream a virtual scan of this many GB of float32 frames "
            + "(made as they are read, never on disk) through the readers' library, clouds and maps; prints GB/s and peak resident memory "
            + "(section virtual; not run unless asked)")
    double virtualGb;

    @Option(names = "--scale", description = "The scale benchmark (sections scale and virtual; without --only, only those): a scan of "
            + "--scale-size written as the detector writes it (uint16, compressed, one HDF5 file per angle, by Debian's python3-h5py), analysed "
            + "by --scale-workflow (positions/s, input GB/s, the run's peak resident memory, stage seconds), and a virtual scan of "
            + "--virtual-gb (default then 100) streamed through reading, clouds and maps")
    boolean scale;

    @Option(names = "--scale-size", arity = "4", paramLabel = "ROWS COLS ANGLES DET",
            description = "Size of the scale scan: positions, angles and a square detector (default 48 48 21 256)")
    int[] scaleSize = {48, 48, 21, 256};

    @Option(names = "--scale-workflow", defaultValue = "lattice-defects", paramLabel = "WORKFLOW",
            description = "Workflow the scale scan is analysed with (default ${DEFAULT-VALUE})")
    String scaleWorkflow;

    @Option(names = "--scale-compression", defaultValue = "deflate", paramLabel = "deflate|lz4|none",
            description = "Compression of the scale scan's detector files (default ${DEFAULT-VALUE})")
    String scaleCompression;

    @Option(names = "--scale-dir", paramLabel = "DIR", description = "Where the scale scan is written and kept for later runs (default <home>/bench)")
    Path scaleDir;

    @Option(names = "--train-epochs", defaultValue = "3", description = "Epochs of the encoder training benchmark (default ${DEFAULT-VALUE}; "
            + "the resident memory at the first and last epoch shows whether it stays flat)")
    int trainEpochs;

    @Option(names = "--torch-reference", paramLabel = "DIR", description = "Folder of the reference PyTorch checkpoint (checkpoint.pt, "
            + "config.json, source-points-gaussian.csv, the real clouds' codewords, real-clouds/ beside it): the encoders section first checks "
            + "that its PyTorch peer reproduces the reference codewords")
    Path torchReference;

    private boolean section(String name) {
        return only.isEmpty() || only.contains(name);
    }

    /** {@code --scale}: the scale and virtual sections (only those unless --only says otherwise), the virtual scan 100 GB unless sized. */
    void applyScale() {
        if (!scale) return;
        if (only.isEmpty()) only.addAll(java.util.List.of("scale", "virtual"));
        if (virtualGb == 0) virtualGb = 100;
    }

    @Override
    public Integer call() throws Exception {
        applyScale();
        System.out.printf("braggflow bench: %d cores, max heap %d MB, median of %d runs%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, repeats);
        if (section("index")) kdTree();
        try (Platform platform = Platform.start(main.home(), Distribution.fromSystemProperty())) {
            if (section("clouds")) cloudBuilding(platform);
            if (section("denoisers")) denoisers(platform);
            if (section("chain")) authorsChain(platform);
            if (section("sor")) {
                sorAgainstPcl(platform);
                // 2048: the size of one position's cloud; 200,000: a cloud from the command line
                new Open3dPeer(this).run(platform, 2048, 200_000);
            }
            if (section("read")) reading(platform);
            if (section("encoders")) new EncoderBench(platform, repeats, trainEpochs, torchReference).run();
            if (virtualGb > 0 && (only.isEmpty() || only.contains("virtual"))) new VirtualScanBench(platform, virtualGb).run();
            if (scale && (only.isEmpty() || only.contains("scale"))) {
                new ScaleBench(platform, main.home(), scaleSize, scaleCompression, scaleWorkflow,
                        scaleDir != null ? scaleDir : main.home().root().resolve("bench")).run();
            }
        }
        return 0;
    }

    /**
     * Cloud building (stage cloud/threshold, default parameters) on the aligned volumes of a simulated
     * raw-count scan: voxels scanned and cloud points made per second, volumes held in memory so only
     * the builder is timed.
     */
    private void cloudBuilding(Platform platform) throws Exception {
        DeployedStage builder = platform.stages().find("cloud", "threshold").orElse(null);
        if (builder == null) {
            System.out.println("\ncloud building: cloud/threshold not deployed");
            return;
        }
        Path dir = Files.createTempDirectory("braggflow-bench-clouds");
        try {
            Path file = dir.resolve("clouds.h5");
            SimulatedScan.write(SimulationSpec.of(12, 16, 15, 64, 64, 3, 1.0), SimulatedScan.Format.H5, file);
            DeployedStage readerStage = platform.stages().find("reader", "hdf5").orElseThrow();
            java.util.List<PositionVolume> volumes = new java.util.ArrayList<>();
            ScanMetadata[] meta = new ScanMetadata[1];
            try (ScanSource s = ((ScanReader) readerStage.service()).open(file, Parameters.of(readerStage.descriptor(), Map.of()))) {
                meta[0] = s.metadata();
                s.forEachPosition(0, meta[0].positionCount(), v -> {
                    if (s.inMask(v.row(), v.col())) volumes.add(v);
                });
            }
            Parameters p = Parameters.of(builder.descriptor(), Map.of());
            CloudBuilder b = (CloudBuilder) builder.service();
            long[] points = {0};
            double t = median(() -> {
                long sum = 0;
                for (PositionVolume v : volumes) sum += b.build(v, meta[0], p).size();
                points[0] = sum;
            });
            long voxels = (long) volumes.size() * volumes.get(0).intensity().length;
            System.out.printf("%ncloud building (cloud/threshold, defaults %s) on %d simulated raw-count volumes of %d x %d x %d:%n",
                    p, volumes.size(), meta[0].nAngles(), meta[0].detRows(), meta[0].detCols());
            System.out.printf("  %.3f s: %.1f M voxels/s, %.0f points/s out (%d points per cloud on average)%n", t, voxels / t / 1e6,
                    points[0] / t, points[0] / volumes.size());
        } finally {
            org.braggflow.launcher.home.Folders.deleteTree(dir);
        }
    }

    interface Run {
        void run() throws Exception;
    }

    double median(Run r) throws Exception {
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        return t[repeats / 2];
    }

    static float[] shell(int n, long seed) {
        Random random = new Random(seed);
        float[] xyz = new float[3 * n];
        for (int i = 0; i < n; i++) {
            double u = random.nextDouble() * 2 * Math.PI, v = Math.acos(2 * random.nextDouble() - 1), r = 20 + random.nextGaussian();
            xyz[3 * i] = (float) (r * Math.sin(v) * Math.cos(u));
            xyz[3 * i + 1] = (float) (r * Math.sin(v) * Math.sin(u));
            xyz[3 * i + 2] = (float) (r * Math.cos(v));
        }
        return xyz;
    }

    /**
     * A solid cloud like the ones the workflows denoise: the voxels of a Gaussian rocking peak (spreads
     * 4, 5 and 3.5 voxels, 1000 counts at the centre over 5 of background, Poisson-like noise) above 5 %
     * of its maximum, each voxel a point at its (angle, row, column) index; about 4500 points.
     */
    static float[] solidPeak(long seed) {
        Random random = new Random(seed);
        double[] spread = {4, 5, 3.5};
        java.util.List<float[]> kept = new java.util.ArrayList<>();
        for (int a = -16; a <= 16; a++) {
            for (int r = -20; r <= 20; r++) {
                for (int c = -14; c <= 14; c++) {
                    double q = a * a / (spread[0] * spread[0]) + r * r / (spread[1] * spread[1]) + c * c / (spread[2] * spread[2]);
                    double counts = 1000 * Math.exp(-q / 2) + 5;
                    counts += Math.sqrt(counts) * random.nextGaussian();
                    if (counts > 50) kept.add(new float[] {a, r, c});
                }
            }
        }
        float[] xyz = new float[3 * kept.size()];
        for (int i = 0; i < kept.size(); i++) System.arraycopy(kept.get(i), 0, xyz, 3 * i, 3);
        return xyz;
    }

    private void kdTree() throws Exception {
        System.out.println("\nspatial index: 100 nearest neighbours of every point (kd-tree vs brute force)");
        for (int n : new int[] {2048, 20_000, 200_000}) {
            float[] xyz = shell(n, n);
            double tree = median(() -> {
                KdTree t = new KdTree(xyz);
                Neighbours nb = new Neighbours();
                for (int i = 0; i < n; i++) t.nearest(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], 100, i, nb);
            });
            if (n <= 20_000) {
                int sample = Math.min(n, 2048);
                double brute = median(() -> {
                    double[] d = new double[n];
                    for (int i = 0; i < sample; i++) {
                        for (int j = 0; j < n; j++) {
                            double dx = xyz[3 * i] - xyz[3 * j], dy = xyz[3 * i + 1] - xyz[3 * j + 1], dz = xyz[3 * i + 2] - xyz[3 * j + 2];
                            d[j] = dx * dx + dy * dy + dz * dz;
                        }
                        Arrays.sort(d);
                    }
                }) * n / sample;
                System.out.printf("  %7d points: kd-tree %.3f s, brute force %.3f s (%.0fx faster)%n", n, tree, brute, brute / tree);
            } else {
                System.out.printf("  %7d points: kd-tree %.3f s (brute force not run: hours)%n", n, tree);
            }
        }
    }

    private void denoisers(Platform platform) throws Exception {
        System.out.println("\ndenoisers, one cloud (sphere shell, radius 20, noise 1):");
        for (String[] s : new String[][] {{"sor", "2048"}, {"sor", "20000"}, {"lpa-ici", "2048"}, {"lpa-ici", "10000"}}) {
            DeployedStage d = platform.stages().find("denoiser", s[0]).orElse(null);
            if (d == null) {
                System.out.printf("  %s not deployed%n", s[0]);
                continue;
            }
            int n = Integer.parseInt(s[1]);
            PointCloud cloud = new PointCloud(0, 0, shell(n, 7), null);
            Parameters p = Parameters.of(d.descriptor(), Map.of());
            double t = median(() -> ((Denoiser) d.service()).denoise(cloud, p));
            System.out.printf("  %-8s %6d points: %.3f s per cloud (defaults %s)%n", s[0], n, t, p);
        }
    }

    /** Heap still in use after the most recent collection of each pool: the live set, not garbage awaiting collection. */
    static long liveHeapAfterGc() {
        long used = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP && pool.getCollectionUsage() != null) {
                used += pool.getCollectionUsage().getUsed();
            }
        }
        return used;
    }

    @Option(names = "--read", paramLabel = "SCAN", description = "Scans to measure reading on (any format; repeatable). "
            + "Default: a simulated scan of --scan size in each format")
    java.util.List<Path> read = new java.util.ArrayList<>();

    @Option(names = "--clouds", paramLabel = "FILE", description = "Real clouds (.csv/.ply) to run the authors' denoising chain on (repeatable)")
    java.util.List<Path> clouds = new java.util.ArrayList<>();

    /**
     * The authors' chain (SOR 100/0.8, LPA-ICI 5/2, LPA-ICI 5/0.2, SOR 100/0.8) and the shipped
     * workflows' (the same with LPA-ICI relative to the spacing) on real clouds, on a noisy shell
     * (10k points for the authors', 50k for the workflows') and on a solid peak ({@link #solidPeak}, the
     * kind of cloud the workflows denoise): time and points/s per step, points kept, and the Chamfer distance from
     * input to output (mean nearest-neighbour distance both ways), which says how far denoising moved
     * the cloud.
     */
    private void authorsChain(Platform platform) throws Exception {
        java.util.Map<String, PointCloud> real = new java.util.LinkedHashMap<>();
        for (Path c : clouds) real.put(c.getFileName().toString(), org.braggflow.launcher.clouds.CloudFiles.read(c));
        // maxResidual 0 and centreStep 1: the authors' filter, without the surface-model test and every point a centre
        denoisingChain(platform, real, "the authors' denoising chain (SOR 100/0.8, LPA-ICI 5/2, LPA-ICI 5/0.2 in cloud units, SOR 100/0.8)",
                new String[][] {{"sor", "k=100", "stdRatio=0.8"},
                    {"lpa-ici", "scaleMode=absolute", "sigma=5", "density=2", "maxResidual=0", "centreStep=1"},
                    {"lpa-ici", "scaleMode=absolute", "sigma=5", "density=0.2", "maxResidual=0", "centreStep=1"},
                    {"sor", "k=100", "stdRatio=0.8"}}, 10_000);
        denoisingChain(platform, real, "the shipped workflows' chain (LPA-ICI relative to the point spacing: 0.5/2, then 0.5/0.2)",
                new String[][] {{"sor", "k=100", "stdRatio=0.8"}, {"lpa-ici", "sigma=0.5", "density=2"}, {"lpa-ici", "sigma=0.5", "density=0.2"},
                    {"sor", "k=100", "stdRatio=0.8"}}, 50_000);
    }

    /**
     * One chain on the real clouds and on a noisy shell of {@code shellPoints}: the authors' absolute
     * sigma 5 reaches across most of the shell at density 0.2, so their chain gets a smaller shell.
     */
    private void denoisingChain(Platform platform, java.util.Map<String, PointCloud> real, String title, String[][] chain, int shellPoints)
            throws Exception {
        java.util.Map<String, PointCloud> inputs = new java.util.LinkedHashMap<>(real);
        inputs.put("shell-" + shellPoints / 1000 + "k", new PointCloud(0, 0, shell(shellPoints, 5), null));
        inputs.put("solid-peak", new PointCloud(0, 0, solidPeak(1), null));
        System.out.println("\n" + title + ":");
        for (var in : inputs.entrySet()) {
            PointCloud cloud = in.getValue();
            StringBuilder line = new StringBuilder(String.format("  %-16s %6d points:", in.getKey(), cloud.size()));
            for (String[] step : chain) {
                DeployedStage d = platform.stages().find("denoiser", step[0]).orElse(null);
                if (d == null) {
                    line.append(" ").append(step[0]).append(" not deployed;");
                    break;
                }
                Map<String, Object> values = new java.util.LinkedHashMap<>();
                for (int i = 1; i < step.length; i++) values.put(step[i].split("=")[0], step[i].split("=")[1]);
                Parameters p = Parameters.of(d.descriptor(), values);
                PointCloud before = cloud;
                PointCloud[] after = new PointCloud[1];
                double t = median(() -> after[0] = ((Denoiser) d.service()).denoise(before, p));
                cloud = after[0];
                line.append(String.format(" %s %.2f s (%.0f points/s) ->%d", step[0], t, before.size() / t, cloud.size()));
                if (step[0].equals("lpa-ici") && before.size() == cloud.size()) {
                    line.append(String.format(" moved median %.2f;", medianShift(before, cloud)));
                } else {
                    line.append(";");
                }
            }
            double toInput = oneWay(cloud, in.getValue()), fromInput = oneWay(in.getValue(), cloud), radius = rmsRadius(in.getValue());
            // the two directions say different things: output -> input is how far the kept points moved off the
            // input cloud; input -> output also counts the points outlier removal dropped
            line.append(String.format(" kept %.1f%%, Chamfer input-output %.3f (output->input %.3f, input->output %.3f; the input's RMS radius %.1f)",
                    100.0 * cloud.size() / in.getValue().size(), toInput + fromInput, toInput, fromInput, radius));
            System.out.println(line);
        }
    }

    /** Median distance a point moved between two clouds of the same points in the same order. */
    static double medianShift(PointCloud a, PointCloud b) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            double dx = a.x(i) - b.x(i), dy = a.y(i) - b.y(i), dz = a.z(i) - b.z(i);
            d[i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
        }
        Arrays.sort(d);
        return d.length == 0 ? Double.NaN : d[d.length / 2];
    }

    /** Root-mean-square distance of the points from their centroid: the cloud's size. */
    static double rmsRadius(PointCloud c) {
        double cx = 0, cy = 0, cz = 0;
        for (int i = 0; i < c.size(); i++) {
            cx += c.x(i);
            cy += c.y(i);
            cz += c.z(i);
        }
        cx /= c.size();
        cy /= c.size();
        cz /= c.size();
        double sum = 0;
        for (int i = 0; i < c.size(); i++) {
            double dx = c.x(i) - cx, dy = c.y(i) - cy, dz = c.z(i) - cz;
            sum += dx * dx + dy * dy + dz * dz;
        }
        return Math.sqrt(sum / c.size());
    }

    /** Mean nearest-neighbour distance from a to b plus from b to a, in cloud units. */
    static double chamfer(PointCloud a, PointCloud b) {
        return oneWay(a, b) + oneWay(b, a);
    }

    private static double oneWay(PointCloud from, PointCloud to) {
        if (from.size() == 0 || to.size() == 0) return Double.NaN;
        KdTree tree = new KdTree(to.xyz());
        Neighbours nb = new Neighbours();
        double sum = 0;
        for (int i = 0; i < from.size(); i++) {
            tree.nearest(from.x(i), from.y(i), from.z(i), 1, -1, nb);
            sum += Math.sqrt(nb.distanceSquared(0));
        }
        return sum / from.size();
    }

    /**
     * Statistical outlier removal (k 100, ratio 0.8) against PCL's pcl_outlier_removal (Debian
     * pcl-tools; installed by scripts/bench.sh) on the same clouds: compute times as each reports them
     * (PCL's own "[done, X ms" line, so its file loading is not counted), and whether the inlier sets
     * are identical.
     */
    private void sorAgainstPcl(Platform platform) throws Exception {
        DeployedStage d = platform.stages().find("denoiser", "sor").orElse(null);
        Path pcl = Path.of("/usr/bin/pcl_outlier_removal");
        if (d == null || !Files.isExecutable(pcl)) {
            System.out.println("\nSOR against PCL: skipped (" + (d == null ? "sor not deployed" : "pcl-tools not installed; scripts/bench.sh installs it") + ")");
            return;
        }
        System.out.println("\nstatistical outlier removal, k 100, std ratio 0.8: ours (after 5 warm-up runs) against PCL (pcl_outlier_removal, its own compute time), same clouds");
        Path dir = Files.createTempDirectory("braggflow-pcl");
        try {
            for (int n : new int[] {20_000, 200_000}) {
                float[] xyz = shell(n, 31L * n);
                StringBuilder pcd = new StringBuilder("VERSION 0.7\nFIELDS x y z\nSIZE 4 4 4\nTYPE F F F\nCOUNT 1 1 1\nWIDTH " + n
                        + "\nHEIGHT 1\nVIEWPOINT 0 0 0 1 0 0 0\nPOINTS " + n + "\nDATA ascii\n");
                for (int i = 0; i < 3 * n; i++) {
                    // both sides see exactly the numbers in the file: six decimals, parsed back
                    String v = String.format(java.util.Locale.ROOT, "%.6f", xyz[i]);
                    xyz[i] = Float.parseFloat(v);
                    pcd.append(v).append(i % 3 == 2 ? '\n' : ' ');
                }
                Path in = Files.writeString(dir.resolve("in.pcd"), pcd);
                PointCloud cloud = new PointCloud(0, 0, xyz, null);
                Parameters p = Parameters.of(d.descriptor(), Map.of("k", 100, "stdRatio", 0.8));
                PointCloud[] kept = new PointCloud[1];
                // steady state, as across the thousands of clouds of a scan: the JIT compiles the hot loop first
                for (int w = 0; w < 5; w++) ((Denoiser) d.service()).denoise(cloud, p);
                double ours = median(() -> kept[0] = ((Denoiser) d.service()).denoise(cloud, p));
                double[] peerMs = new double[repeats];
                for (int r = 0; r < repeats; r++) {
                    Process proc = new ProcessBuilder(pcl.toString(), in.toString(), dir.resolve("out.pcd").toString(), "-method", "statistical",
                            "-mean_k", "100", "-std_dev_mul", "0.8").redirectErrorStream(true).start();
                    String log = new String(proc.getInputStream().readAllBytes());
                    proc.waitFor();
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("Computing filtered cloud.*?\\[done, ([0-9.]+) ms").matcher(log);
                    peerMs[r] = m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
                }
                Arrays.sort(peerMs);
                double peer = peerMs[repeats / 2] / 1000;
                Process conv = new ProcessBuilder("/usr/bin/pcl_convert_pcd_ascii_binary", dir.resolve("out.pcd").toString(),
                        dir.resolve("out-ascii.pcd").toString(), "0").redirectErrorStream(true).start();
                conv.getInputStream().readAllBytes();
                conv.waitFor();
                // PCL's ASCII output keeps 7 significant digits: match each of its points to our nearest kept point
                java.util.List<float[]> theirs = new java.util.ArrayList<>();
                boolean data = false;
                for (String line : Files.readAllLines(dir.resolve("out-ascii.pcd"))) {
                    if (data) {
                        String[] t = line.trim().split("\\s+");
                        theirs.add(new float[] {Float.parseFloat(t[0]), Float.parseFloat(t[1]), Float.parseFloat(t[2])});
                    }
                    if (line.startsWith("DATA")) data = true;
                }
                KdTree ourTree = new KdTree(kept[0].xyz());
                Neighbours nearest = new Neighbours();
                java.util.BitSet matched = new java.util.BitSet(kept[0].size());
                for (float[] q : theirs) {
                    ourTree.nearest(q[0], q[1], q[2], 1, -1, nearest);
                    if (nearest.size() == 1 && nearest.distanceSquared(0) < 1e-6) matched.set(nearest.index(0));
                }
                boolean identical = theirs.size() == kept[0].size() && matched.cardinality() == kept[0].size();
                System.out.printf("  %7d points: ours %.3f s, PCL %.3f s (ours %.1fx the peer's throughput); inliers: ours %d, PCL %d, %s%n",
                        n, ours, peer, peer / ours, kept[0].size(), theirs.size(), identical ? "identical sets"
                                : "sets DIFFER (" + matched.cardinality() + " of ours matched)");
            }
        } finally {
            org.braggflow.launcher.home.Folders.deleteTree(dir);
        }
    }

    private void reading(Platform platform) throws Exception {
        Path dir = Files.createTempDirectory("braggflow-bench");
        try {
            java.util.List<Path> scans = new java.util.ArrayList<>(read);
            if (scans.isEmpty()) {
                for (SimulatedScan.Format f : SimulatedScan.Format.values()) {
                    Path out = dir.resolve("bench-" + f.name().toLowerCase() + (f == SimulatedScan.Format.H5 ? ".h5" : ""));
                    SimulatedScan.write(SimulationSpec.of(scan[0], scan[1], scan[2], 64, 64, 1, 1.0), f, out);
                    scans.add(out);
                }
            }
            System.out.println("\nreading (heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB): survey pass at open, then every position's aligned volume");
            for (Path s : scans) readOne(platform, s);
        } finally {
            org.braggflow.launcher.home.Folders.deleteTree(dir);
        }
    }

    private void readOne(Platform platform, Path file) throws Exception {
        DeployedStage d;
        try {
            d = platform.stages().readerFor(file);
        } catch (org.braggflow.scanio.ScanFormatException e) {
            System.out.printf("  %s%n", e.getMessage());
            return;
        }
        ScanReader reader = (ScanReader) d.service();
        Parameters p = Parameters.of(d.descriptor(), Map.of());
        long frameBytes;
        int positions;
        try (ScanSource s = reader.open(file, p)) {
            var m = s.metadata();
            positions = m.positionCount();
            frameBytes = (long) positions * m.nAngles() * m.detRows() * m.detCols() * 4;
            System.out.printf("  %s (%s, %d x %d positions, %d angles, %d x %d pixels, %.2f GB of float32 frames):%n", file.getFileName(),
                    d.name(), m.scanRows(), m.scanCols(), m.nAngles(), m.detRows(), m.detCols(), frameBytes / 1e9);
        }
        long[] peak = {0};
        double open = median(() -> reader.open(file, p).close());
        double volumes = median(() -> {
            try (ScanSource s = reader.open(file, p)) {
                s.forEachPosition(0, positions, v -> peak[0] = Math.max(peak[0], liveHeapAfterGc()));
            }
        }) - open;
        System.out.printf("    open (survey: drift, mask, hot pixels): %.2f s = %.2f GB/s of frames%n", open, frameBytes / 1e9 / open);
        System.out.printf("    aligned volumes of all positions: %.2f s = %.0f positions/s = %.2f GB/s of frames%n", volumes,
                positions / volumes, frameBytes / 1e9 / volumes);
        System.out.printf("    open and read, end to end: %.2f GB/s; live heap after collections at most %d MB%n",
                frameBytes / 1e9 / (open + volumes), peak[0] >> 20);
        if (d.name().equals("hdf5")) {
            var dims = new int[5];
            double raw = median(() -> {
                try (io.jhdf.HdfFile h5 = new io.jhdf.HdfFile(file)) {
                    io.jhdf.api.Dataset frames = h5.getDatasetByPath("/entry/data/frames");
                    int[] dd = frames.getDimensions();
                    System.arraycopy(dd, 0, dims, 0, 5);
                    for (int a = 0; a < dd[0]; a++) {
                        for (int r = 0; r < dd[1]; r++) frames.getData(new long[] {a, r, 0, 0, 0}, new int[] {1, 1, dd[2], dd[3], dd[4]});
                    }
                }
            });
            System.out.printf("    peer: the HDF5 library's own hyperslab reads of every frame: %.2f s = %.2f GB/s (the survey pass is %.1fx that)%n",
                    raw, frameBytes / 1e9 / raw, raw / open);
        }
    }
}
