package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.braggflow.launcher.osgi.BundleJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8, hot swap under load: with 10 scans queued in the inbox of a workflow that trains an encoder
 * on each scan, the denoiser bundle is replaced by a new version, then the encoder bundle and the maps
 * bundle are removed and restored. No scan may fail, and each run.json names the bundle versions it used.
 */
class HotSwapUnderLoadIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static void deploy(Path source, Path deployed) throws Exception {
        Path tmp = deployed.resolveSibling("." + deployed.getFileName() + ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, deployed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void tenQueuedScansSurviveABundleReplacementAndARemoval() throws Exception {
        Path home = work.resolve("home");
        Braggflow.Outcome sim = Braggflow.run(home, "simulate", "--out", work.resolve("scan.h5").toString(), "--format", "h5",
                "--rows", "10", "--cols", "12", "--angles", "5", "--det", "32", "32", "--seed", "4");
        assertEquals(0, sim.code(), sim.output());
        // the default workflow plus the PCA encoder (trained on each scan), with its own inbox
        String workflow = Files.readString(Braggflow.DIST.resolve("workflows/default.yaml"))
                .replace("id: default", "id: swapload").replace("inbox: inbox/default", "inbox: inbox/swapload")
                .replace("  - type: clusterer", "  - type: encoder\n    use: pca\n    with: {featureSize: 8}\n  - type: clusterer");
        Files.createDirectories(home.resolve("workflows"));
        Files.writeString(home.resolve("workflows/swapload.yaml"), workflow);
        Path inbox = Files.createDirectories(home.resolve("inbox/swapload"));
        Path deploy = home.resolve("deploy");
        Process serve = Braggflow.serve(home);
        try {
            for (int i = 0; i < 10; i++) {
                Path staged = work.resolve("staged-" + i + ".h5");
                Files.copy(work.resolve("scan.h5"), staged);
                Files.move(staged, inbox.resolve("scan-" + i + ".h5"), StandardCopyOption.ATOMIC_MOVE);
            }
            Braggflow.awaitFile(inbox.resolve(".done/scan-0.h5"), 120);
            Path newer = work.resolve("denoise-sor-0.1.1.jar");
            BundleJars.withVersion(Braggflow.DIST.resolve("bundles/denoise-sor.jar"), newer, "0.1.1");
            deploy(newer, deploy.resolve("denoise-sor.jar"));
            Thread.sleep(3000);
            Path encoder = deploy.resolve("encode-pca.jar");
            Files.move(encoder, work.resolve("encode-pca.jar"));
            Thread.sleep(2000);
            deploy(work.resolve("encode-pca.jar"), encoder);
            Thread.sleep(1000);
            Path maps = deploy.resolve("maps-conventional.jar");
            Files.move(maps, work.resolve("maps-conventional.jar"));
            Thread.sleep(2000);
            deploy(work.resolve("maps-conventional.jar"), maps);

            Map<String, String> sorVersions = new TreeMap<>();
            java.util.Set<String> encoded = new java.util.TreeSet<>();
            for (int i = 0; i < 10; i++) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
                Path done = inbox.resolve(".done/scan-" + i + ".h5"), failed = inbox.resolve(".failed/scan-" + i + ".h5");
                while (!Files.exists(done) && !Files.exists(failed) && System.nanoTime() < deadline) Thread.sleep(200);
                assertTrue(Files.exists(done), "scan-" + i + " succeeded (failed: " + Files.exists(failed) + ")");
                JsonNode run = JSON.readTree(home.resolve("results/swapload/scan-" + i + "/run.json").toFile());
                assertEquals("succeeded", run.get("status").asText());
                for (JsonNode s : run.get("stages")) {
                    if (s.get("stage.name").asText().equals("sor")) sorVersions.put("scan-" + i, s.get("bundle_version").asText());
                    if (s.get("stage.name").asText().equals("pca")) encoded.add("scan-" + i);
                }
                assertEquals("encoder/pca", run.get("model").get("encoder").asText(), "scan-" + i + " was encoded with a registered PCA model");
            }
            System.out.printf("hot swap under load: 10 queued scans, denoiser replaced, encoder and maps bundles removed/restored: 0 failed; "
                    + "sor versions used %s%n", sorVersions);
            assertEquals(10, encoded.size(), "every run.json names the encoder bundle");
            assertEquals(10, sorVersions.size(), "every run.json names the denoiser version");
            assertTrue(sorVersions.containsValue("0.1.1"), "scans after the replacement used the new version");
            assertEquals("0.1.0", sorVersions.get("scan-0"));
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
