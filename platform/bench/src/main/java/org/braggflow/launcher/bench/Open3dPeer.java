package org.braggflow.launcher.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.Denoiser;
import org.braggflow.api.stage.Parameters;
import org.braggflow.launcher.stage.DeployedStage;

/**
 * Statistical outlier removal (k 100, ratio 0.8) against Open3D's, both timed in their own process
 * on the same clouds: ours after five warm-up calls, Open3D's (Debian's python3-open3d, installed
 * by scripts/bench.sh) after five too, inside one Python process so that loading is not counted.
 * Open3D counts the point itself among its nb_neighbors (at distance 0) and keeps a point strictly
 * below the threshold; asked for 101 neighbours it averages the same 100 distances over 101, which
 * scales every mean and the threshold alike, so the inlier sets must agree up to a point exactly
 * on the threshold. Open3D is timed on every core and on one (OMP_NUM_THREADS=1); ours uses every core
 * from 20,000 points up, one below, as the clouds of a scan run one per core.
 */
final class Open3dPeer {

    private final BenchCommand bench;

    Open3dPeer(BenchCommand bench) {
        this.bench = bench;
    }

    void run(org.braggflow.launcher.Platform platform, int... sizes) throws Exception {
        DeployedStage d = platform.stages().find("denoiser", "sor").orElse(null);
        String version = DebianPython.moduleVersion("open3d");
        if (d == null || version.isEmpty()) {
            System.out.println("\nSOR against Open3D: skipped (" + (d == null ? "sor not deployed" : "python3-open3d not installed; scripts/bench.sh installs it") + ")");
            return;
        }
        System.out.println("\nstatistical outlier removal, k 100, std ratio 0.8: ours against Open3D " + version
                + " (remove_statistical_outlier, in-process time), same clouds, medians after 5 warm-up calls each");
        try (DebianPython.Workspace ws = new DebianPython.Workspace("open3d_sor.py")) {
            Path dir = ws.dir, script = ws.script;
            for (int n : sizes) {
                float[] xyz = BenchCommand.shell(n, 17L * n);
                Path raw = ws.writeFloats("cloud.f32", List.of(xyz));
                PointCloud cloud = new PointCloud(0, 0, xyz, null);
                Parameters p = Parameters.of(d.descriptor(), Map.of("k", 100, "stdRatio", 0.8));
                Denoiser sor = (Denoiser) d.service();
                PointCloud[] kept = new PointCloud[1];
                for (int w = 0; w < 5; w++) sor.denoise(cloud, p);
                double ours = bench.median(() -> kept[0] = sor.denoise(cloud, p));
                double peer = open3d(script, raw, dir, null);
                double peerOneThread = open3d(script, raw, dir, "1");
                if (Double.isNaN(peer) || Double.isNaN(peerOneThread)) continue;
                List<Integer> theirs = new ArrayList<>();
                for (String line : Files.readAllLines(dir.resolve("kept.txt"))) if (!line.isBlank()) theirs.add(Integer.parseInt(line.trim()));
                List<Integer> mine = keptIndices(xyz, kept[0].xyz());
                int common = 0;
                java.util.Set<Integer> theirSet = new java.util.HashSet<>(theirs);
                for (int i : mine) if (theirSet.contains(i)) common++;
                System.out.printf("  %7d points: ours %.4f s (%s), Open3D %.4f s on every core (ours %.2fx its throughput), %.4f s on one (ours %.2fx);"
                        + " inliers: ours %d, Open3D %d, %s%n",
                        n, ours, n >= 20_000 ? "every core" : "one core, as each position's cloud runs", peer, peer / ours, peerOneThread, peerOneThread / ours,
                        mine.size(), theirs.size(),
                        common == mine.size() && common == theirs.size() ? "identical sets" : common + " in both");
            }
        }
    }

    /**
     * Open3D's median seconds on the cloud in {@code raw}, its kept indices left in kept.txt; with
     * {@code threads} set, OpenMP is held to that many threads. NaN (and a line saying why) on failure.
     */
    private double open3d(Path script, Path raw, Path dir, String threads) throws Exception {
        ProcessBuilder b = new ProcessBuilder(DebianPython.PYTHON.toString(), script.toString(), raw.toString(), "101", "0.8",
                String.valueOf(bench.repeats), dir.resolve("kept.txt").toString()).redirectErrorStream(true);
        if (threads != null) b.environment().put("OMP_NUM_THREADS", threads);
        Process proc = b.start();
        String out = new String(proc.getInputStream().readAllBytes());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("median ([0-9.]+) kept ([0-9]+)").matcher(out);
        if (proc.waitFor() != 0 || !m.find()) {
            System.out.printf("  Open3D failed: %s%n", out.strip());
            return Double.NaN;
        }
        return Double.parseDouble(m.group(1));
    }

    /** The indices of the input points that were kept: outlier removal keeps points in their order. */
    static List<Integer> keptIndices(float[] in, float[] kept) {
        List<Integer> out = new ArrayList<>();
        int k = 0;
        for (int i = 0; i < in.length / 3 && k < kept.length / 3; i++) {
            if (in[3 * i] == kept[3 * k] && in[3 * i + 1] == kept[3 * k + 1] && in[3 * i + 2] == kept[3 * k + 2]) {
                out.add(i);
                k++;
            }
        }
        return out;
    }
}
