package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Braggflow under hostile input, partial writes and crashes, as a separate {@code serve} process with
 * its default 2 GB heap. Figures are printed for docs/reliability.md.
 */
class ReliabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private Path simulate(Path home, String name, String format, String... size) throws Exception {
        Path out = Files.createDirectories(work.resolve("staging")).resolve(name);
        List<String> args = new ArrayList<>(List.of("simulate", "--out", out.toString(), "--format", format, "--seed", "2", "--drift", "0.5"));
        args.addAll(size.length > 0 ? List.of(size) : List.of("--rows", "8", "--cols", "10", "--angles", "4", "--det", "24", "24"));
        Braggflow.Outcome r = Braggflow.run(home, args.toArray(String[]::new));
        assertEquals(0, r.code(), r.output());
        return out;
    }

    private static void copyFolder(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    @Test
    void adversarialInputsGoToFailedWithAReasonWhileValidScansBesideThemSucceed() throws Exception {
        Path home = work.resolve("home");
        Braggflow.run(home, "stages");  // fills the home
        Path inbox = Files.createDirectories(home.resolve("inbox/default"));
        Path staging = Files.createDirectories(work.resolve("bad"));
        Path h5 = simulate(home, "good.h5", "h5");
        Path hxn = simulate(home, "good-hxn", "hxn");
        Path tiff = simulate(home, "good-tiff", "tiff");
        Map<String, String> expected = new LinkedHashMap<>();  // input name -> a phrase its error must hold

        byte[] bytes = Files.readAllBytes(h5);
        Files.write(staging.resolve("truncated.h5"), Arrays.copyOf(bytes, bytes.length / 2));
        expected.put("truncated.h5", "truncated.h5");
        Files.writeString(staging.resolve("text.h5"), "not HDF5 at all\n".repeat(50));
        expected.put("text.h5", "no deployed reader recognises it");
        Files.createFile(staging.resolve("empty.h5"));
        expected.put("empty.h5", "no deployed reader recognises it");
        try (WritableHdfFile f = HdfFile.write(staging.resolve("rank.h5"))) {
            var data = f.putGroup("entry").putGroup("data");
            data.putDataset("frames", new float[3][4][5][6]);
            data.putDataset("angles_deg", new double[] {1, 2, 3});
        }
        expected.put("rank.h5", "rank 4, expected 5");
        try (WritableHdfFile f = HdfFile.write(staging.resolve("huge.h5"))) {
            var data = f.putGroup("entry").putGroup("data");
            data.putDataset("frames", new float[2][2][2][2][2]);
            data.putDataset("angles_deg", new double[] {1, 2, 3});
        }
        expected.put("huge.h5", "lists 3 angles");

        copyFolder(hxn, staging.resolve("missing-angle"));
        try (Stream<Path> s = Files.list(staging.resolve("missing-angle"))) {
            Files.delete(s.filter(p -> p.getFileName().toString().startsWith("scan_131480")).findFirst().orElseThrow());
        }
        expected.put("missing-angle", "does not exist");
        copyFolder(hxn, staging.resolve("nan-geometry"));
        Path json = staging.resolve("nan-geometry/scan.json");
        Files.writeString(json, Files.readString(json).replaceAll("\"delta_deg\" : [0-9.]+", "\"delta_deg\" : \"NaN\""));
        expected.put("nan-geometry", "geometry.delta_deg must be a finite number");
        copyFolder(hxn, staging.resolve("no-geometry"));
        json = staging.resolve("no-geometry/scan.json");
        Files.writeString(json, Files.readString(json).replaceAll("\"energy_kev\" : [0-9.]+,", ""));
        expected.put("no-geometry", "geometry.energy_kev is missing");
        copyFolder(hxn, staging.resolve("bad-json"));
        Files.writeString(staging.resolve("bad-json/scan.json"), "{\"format\": \"hxn-h5\", \"angles\": [");
        expected.put("bad-json", "is not valid JSON");
        copyFolder(hxn, staging.resolve("link-out"));
        try (Stream<Path> s = Files.list(staging.resolve("link-out"))) {
            Path victim = s.filter(p -> p.getFileName().toString().startsWith("scan_131480")).findFirst().orElseThrow();
            Path outside = Files.move(victim, work.resolve("outside.h5"));
            Files.createSymbolicLink(victim, outside);
        }
        expected.put("link-out", "link leading outside");
        copyFolder(tiff, staging.resolve("corrupt-tiff"));
        try (Stream<Path> s = Files.list(staging.resolve("corrupt-tiff"))) {
            Path page = s.filter(p -> p.getFileName().toString().contains("_diff_")).findFirst().orElseThrow();
            byte[] t = Files.readAllBytes(page);
            Files.write(page, Arrays.copyOf(t, t.length / 3));
        }
        expected.put("corrupt-tiff", "_diff_merlin1.tiff");
        copyFolder(tiff, staging.resolve("giant-tiff"));
        json = staging.resolve("giant-tiff/scan.json");
        Files.writeString(json, Files.readString(json).replaceAll("\"scan_shape\" : \\[[^]]*]", "\"scan_shape\" : [ 100000, 100000 ]"));
        expected.put("giant-tiff", "needs 10000000000");
        Files.createSymbolicLink(staging.resolve("escape.h5"), h5);
        expected.put("escape.h5", "link leading outside the inbox");
        copyFolder(hxn, Files.createDirectories(staging.resolve("nested/deeper/still")));
        expected.put("nested", "scan.json must be directly inside the dropped folder");

        Process serve = Braggflow.serve(home);
        try {
            Files.copy(h5, inbox.resolve("good.h5"));
            copyFolder(hxn, inbox.resolve("good-hxn"));
            copyFolder(tiff, inbox.resolve("good-tiff"));
            for (String name : expected.keySet()) {
                Path from = staging.resolve(name);
                Files.move(from, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            for (String name : expected.keySet()) {
                Braggflow.awaitFile(inbox.resolve(".failed/" + name + ".error.txt"), 120);
                String error = Files.readString(inbox.resolve(".failed/" + name + ".error.txt"));
                assertTrue(error.contains(expected.get(name)), name + ": " + error);
                assertTrue(Files.exists(inbox.resolve(".failed/" + name), LinkOption_NOFOLLOW), name + " is kept");
            }
            for (String good : List.of("good.h5", "good-hxn", "good-tiff")) Braggflow.awaitFile(inbox.resolve(".done/" + good), 120);
            assertTrue(serve.isAlive(), "serve keeps running");
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                assertTrue(!listeningSockets(ProcessHandle.current().pid()).isEmpty(), "the check sees a listening socket when there is one");
            }
            assertEquals(List.of(), listeningSockets(serve.pid()), "serve opens no network port");
            System.out.printf("reliability: %d adversarial inputs -> .failed with a reason, 3 valid scans beside them succeeded, serve alive%n",
                    expected.size());
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * TCP sockets a process listens on: its open socket inodes (/proc/PID/fd) matched against the
     * kernel's listening sockets (/proc/net/tcp and tcp6, state 0A).
     */
    static List<String> listeningSockets(long pid) throws Exception {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) inodes.add(target.substring(8, target.length() - 1));
                } catch (java.io.IOException gone) {
                    // the descriptor closed while listing
                }
            }
        }
        List<String> listening = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (!Files.exists(Path.of(table))) continue;
            for (String line : Files.readAllLines(Path.of(table))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) listening.add(table + " " + f[1]);
            }
        }
        return listening;
    }

    private static final java.nio.file.LinkOption LinkOption_NOFOLLOW = java.nio.file.LinkOption.NOFOLLOW_LINKS;

    @Test
    void scansCopiedSlowlyAreNeverReadBeforeTheyAreComplete() throws Exception {
        Path home = work.resolve("home-slow");
        Braggflow.run(home, "stages");
        Path inbox = Files.createDirectories(home.resolve("inbox/default"));
        Path h5 = simulate(home, "slow.h5", "h5", "--rows", "6", "--cols", "6", "--angles", "3", "--det", "16", "16");
        Path tiff = simulate(home, "slow-tiff", "tiff", "--rows", "6", "--cols", "6", "--angles", "3", "--det", "16", "16");
        int trials = 20;
        Process serve = Braggflow.serve(home);
        ExecutorService writers = Executors.newFixedThreadPool(trials);
        try {
            byte[] bytes = Files.readAllBytes(h5);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                int trial = i;
                done.add(writers.submit(() -> {
                    if (trial % 2 == 0) {
                        // format A written in five pieces over about four seconds, under its final name
                        try (OutputStream out = Files.newOutputStream(inbox.resolve("slow-" + trial + ".h5"))) {
                            for (int k = 0; k < 5; k++) {
                                out.write(bytes, k * bytes.length / 5, (k + 1) * bytes.length / 5 - k * bytes.length / 5);
                                out.flush();
                                Thread.sleep(800);
                            }
                        }
                    } else {
                        // format C filled file by file, scan.json last
                        Path folder = Files.createDirectories(inbox.resolve("slow-" + trial));
                        try (Stream<Path> s = Files.list(tiff)) {
                            for (Path p : s.filter(p -> !p.getFileName().toString().equals("scan.json")).sorted().toList()) {
                                Files.copy(p, folder.resolve(p.getFileName()));
                                Thread.sleep(300);
                            }
                        }
                        Files.copy(tiff.resolve("scan.json"), folder.resolve("scan.json"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(120, TimeUnit.SECONDS);
            int partialReads = 0;
            for (int i = 0; i < trials; i++) {
                String name = "slow-" + i + (i % 2 == 0 ? ".h5" : "");
                long deadline = System.nanoTime() + 180_000_000_000L;
                while (!Files.exists(inbox.resolve(".done/" + name)) && !Files.exists(inbox.resolve(".failed/" + name))
                        && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                if (!Files.exists(inbox.resolve(".done/" + name))) partialReads++;
            }
            System.out.printf("reliability: %d slow copies (format A in pieces, format C file by file), %d partial reads%n", trials, partialReads);
            assertEquals(0, partialReads);
        } finally {
            writers.shutdownNow();
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * kill -9 during a {@code pca-defects} run, whose features are the PCA codewords of the denoised
     * clouds: a resumed run takes the clouds of finished chunks from the resume store instead of
     * recomputing them, so a lost, duplicated or altered stored cloud changes the positions analysed,
     * features.csv and (through the features) clusters.csv. Each kill waits for a finished chunk, so
     * every trial resumes.
     */
    @Test
    void aScanInterruptedByKillMinus9CompletesAfterRestartWithTheSameOutputs() throws Exception {
        String workflow = "pca-defects";
        Path home = work.resolve("home-crash");
        Braggflow.run(home, "stages");
        Path inbox = Files.createDirectories(home.resolve("inbox/" + workflow));
        Path scan = simulate(home, "crash.h5", "h5", "--rows", "16", "--cols", "20", "--angles", "9", "--det", "48", "48");
        Braggflow.Outcome reference = Braggflow.run(home, "run", workflow, scan.toString(), "--results", work.resolve("reference").toString());
        assertEquals(0, reference.code(), reference.output());
        Path expected = work.resolve("reference/" + workflow + "/crash");
        int expectedAnalysed = JSON.readTree(expected.resolve("run.json").toFile()).path("positions").path("analysed").asInt(-1);
        String expectedMaps = Files.readString(expected.resolve("maps.csv"));
        String expectedFeatures = Files.readString(expected.resolve("features.csv"));
        String expectedClusters = Files.readString(expected.resolve("clusters.csv"));
        // the reference itself must describe the positions: one feature row per analysed position, several chunks of them
        assertTrue(expectedAnalysed > 2 * 32, "positions analysed in the reference: " + expectedAnalysed);
        assertEquals(expectedAnalysed + 1, expectedFeatures.lines().count(), "features.csv: a header and one row per analysed position");
        Random random = new Random(11);
        int trials = 3, resumedClouds = 0;
        for (int t = 0; t < trials; t++) {
            Files.copy(scan, inbox.resolve("crash.h5"), StandardCopyOption.REPLACE_EXISTING);
            Process serve = Braggflow.serve(home);
            Path out = home.resolve("results/" + workflow + "/crash");
            Path chunks = out.resolve(".resume");
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (System.nanoTime() < deadline && !Braggflow.hasResumeChunk(chunks)) Thread.sleep(50);
            assertTrue(Braggflow.hasResumeChunk(chunks), "trial " + t + ": a chunk of positions finished before the kill");
            Thread.sleep(random.nextInt(2000));
            serve.destroyForcibly();  // kill -9
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS));
            Process again = Braggflow.serve(home);
            try {
                Braggflow.awaitFile(inbox.resolve(".done/crash.h5"), 300);
            } finally {
                again.destroy();
                again.waitFor(30, TimeUnit.SECONDS);
            }
            JsonNode run = JSON.readTree(out.resolve("run.json").toFile());
            assertEquals("succeeded", run.get("status").asText(), "trial " + t);
            int fromStore = run.path("resumed").path("clouds").asInt(0);
            assertTrue(fromStore > 0, "trial " + t + ": the restarted run took clouds from the resume store: " + run.path("resumed"));
            resumedClouds += fromStore;
            // every position analysed once, its cloud (stored or recomputed) giving the same codeword and label as without the crash
            assertEquals(expectedAnalysed, run.path("positions").path("analysed").asInt(-1), "trial " + t + ": positions analysed");
            assertEquals(expectedFeatures, Files.readString(out.resolve("features.csv")), "trial " + t + ": features.csv");
            assertEquals(expectedClusters, Files.readString(out.resolve("clusters.csv")), "trial " + t + ": clusters.csv");
            assertEquals(expectedMaps, Files.readString(out.resolve("maps.csv")), "trial " + t + ": maps.csv");
            assertFalse(Files.exists(chunks), "the resume chunks are removed when the run ends");
            Files.delete(inbox.resolve(".done/crash.h5"));
        }
        System.out.printf("reliability: %d kill -9 during a %s scan, each after a finished chunk (%d clouds taken from the resume store "
                + "in all), all completed after restart with %d positions analysed and features, clusters and maps identical to an "
                + "uninterrupted run%n", trials, workflow, resumedClouds, expectedAnalysed);
    }
}
