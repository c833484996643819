package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's acceptance, through the watched folder of a running {@code serve} (real Felix and Camel,
 * the shipped {@code lattice-defects} workflow unchanged): a simulated 24 x 30 scan (15 angles, 64 x 64
 * detector) in each input format is analysed, its domain map must match the planted domains with an
 * adjusted Rand index of at least 0.8 and its strain map the planted strain within 2e-4 RMS. Then the
 * workflow's encoder step is switched to {@code use: pca} while serve runs; the next scan is encoded
 * by the PCA bundle and its run.json says so. The ARI here is computed independently of the platform's
 * own demo score.
 */
class DefectsAcceptanceIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void eachFormatThroughTheInboxMatchesThePlantedDomainsAndTheEncoderSwapsByEditingTheWorkflow() throws Exception {
        Path home = work.resolve("home");
        Path inbox = home.resolve("inbox/lattice-defects");
        Process serve = Braggflow.serve(home);
        try {
            Files.createDirectories(inbox);
            StringBuilder summary = new StringBuilder();
            for (String format : List.of("h5", "hxn", "tiff")) {
                String name = "s24-" + format + (format.equals("h5") ? ".h5" : "");
                Path truth = drop(home, inbox, name, format, 1);
                Path done = inbox.resolve(".done").resolve(name);
                await(inbox, name, 600);
                Path results = home.resolve("results/lattice-defects").resolve(name.replace(".h5", ""));
                JsonNode run = JSON.readTree(results.resolve("run.json").toFile());
                assertEquals("succeeded", run.get("status").asText(), run.path("error").asText());
                assertEquals("encoder/foldingnet", run.get("model").get("encoder").asText());
                double ari = ari(results.resolve("clusters.csv"), truth), strain = strainRms(results.resolve("maps.csv"), truth);
                String line = String.format("  %s: ARI %.3f (%d clusters), strain RMS %.2e, %.0f s%n", format, ari,
                        run.get("clusters").asInt(), strain, run.get("seconds").asDouble());
                System.out.print("lattice-defects, 24 x 30 " + line.trim() + "\n");
                summary.append(line);
                assertTrue(ari >= 0.8, format + ": ARI " + ari + " below 0.8\n" + summary);
                assertTrue(strain <= 2e-4, format + ": strain RMS " + strain);
                assertTrue(Files.exists(done));
            }

            // the swap: the encoder step's use line changes to pca (and its FoldingNet-only settings go)
            Path workflow = home.resolve("workflows/lattice-defects.yaml");
            String text = Files.readString(workflow);
            String swapped = text.replaceAll("use: foldingnet\\n(    (with|model): [^\\n]*\\n)?", "use: pca\n");
            assertTrue(!swapped.equals(text) && swapped.contains("use: pca"), text);
            Files.writeString(workflow, swapped);
            Thread.sleep(3000);
            Path truth = drop(home, inbox, "s24-swapped.h5", "h5", 2);
            await(inbox, "s24-swapped.h5", 600);
            Path results = home.resolve("results/lattice-defects/s24-swapped");
            JsonNode run = JSON.readTree(results.resolve("run.json").toFile());
            assertEquals("succeeded", run.get("status").asText(), run.path("error").asText());
            String pcaVersion = null;
            for (JsonNode s : run.get("stages")) {
                assertTrue(!s.get("stage.name").asText().equals("foldingnet"), "FoldingNet no longer runs: " + s);
                if (s.get("stage.name").asText().equals("pca")) pcaVersion = s.get("bundle").asText() + " " + s.get("bundle_version").asText();
            }
            assertEquals("org.braggflow.encode.pca 0.1.0", pcaVersion);
            assertEquals("encoder/pca", run.get("model").get("encoder").asText());
            summary.append(String.format("  after the swap to pca (h5, seed 2): ARI %.3f, strain RMS %.2e, %.0f s%n",
                    ari(results.resolve("clusters.csv"), truth), strainRms(results.resolve("maps.csv"), truth), run.get("seconds").asDouble()));
            System.out.print("lattice-defects through the inbox, 24 x 30 scans:\n" + summary);
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Simulates a scan beside the inbox and moves it in whole; returns its truth file. */
    private Path drop(Path home, Path inbox, String name, String format, int seed) throws Exception {
        Path staged = Files.createDirectories(work.resolve("staging")).resolve(name);
        Braggflow.Outcome r = Braggflow.run(home, "simulate", "--out", staged.toString(), "--format", format, "--rows", "24", "--cols", "30",
                "--angles", "15", "--det", "64", "64", "--seed", Integer.toString(seed));
        assertEquals(0, r.code(), r.output());
        Path truth = staged.resolveSibling(name.replace(".h5", "") + ".truth.json");
        assertTrue(Files.exists(truth), truth.toString());
        if (Files.isDirectory(staged)) {
            // a folder scan: copied in under a hidden name, then renamed (scan.json is inside, so it appears whole)
            Path hidden = inbox.resolve("." + name);
            try (Stream<Path> s = Files.walk(staged)) {
                for (Path p : s.toList()) {
                    Path t = hidden.resolve(staged.relativize(p).toString());
                    if (Files.isDirectory(p)) Files.createDirectories(t);
                    else Files.copy(p, t);
                }
            }
            Files.move(hidden, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } else {
            Files.copy(staged, inbox.resolve("." + name));
            Files.move(inbox.resolve("." + name), inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        }
        return truth;
    }

    private static void await(Path inbox, String name, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        Path done = inbox.resolve(".done").resolve(name), failed = inbox.resolve(".failed").resolve(name);
        while (!Files.exists(done) && !Files.exists(failed) && System.nanoTime() < deadline) Thread.sleep(500);
        assertTrue(Files.exists(done), name + " done within " + seconds + " s (failed: " + Files.exists(failed) + ")");
    }

    private static List<CSVRecord> rows(Path csv) throws Exception {
        try (Reader in = Files.newBufferedReader(csv); CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            return p.getRecords();
        }
    }

    /** Adjusted Rand index (Hubert and Arabie) of the cluster map against the planted labels, over planted positions. */
    static double ari(Path clusters, Path truthFile) throws Exception {
        JsonNode labels = JSON.readTree(truthFile.toFile()).get("labels");
        Map<String, Integer> joint = new HashMap<>();
        Map<Integer, Integer> planted = new HashMap<>(), found = new HashMap<>();
        int n = 0;
        for (CSVRecord r : rows(clusters)) {
            int p = labels.get(Integer.parseInt(r.get("row"))).get(Integer.parseInt(r.get("col"))).asInt();
            if (p < 0) continue;
            int f = Integer.parseInt(r.get("cluster"));
            joint.merge(p + "/" + f, 1, Integer::sum);
            planted.merge(p, 1, Integer::sum);
            found.merge(f, 1, Integer::sum);
            n++;
        }
        double sumJoint = joint.values().stream().mapToDouble(DefectsAcceptanceIT::pairs).sum();
        double sumA = planted.values().stream().mapToDouble(DefectsAcceptanceIT::pairs).sum();
        double sumB = found.values().stream().mapToDouble(DefectsAcceptanceIT::pairs).sum();
        double expected = sumA * sumB / pairs(n);
        return (sumJoint - expected) / ((sumA + sumB) / 2 - expected);
    }

    private static double pairs(int m) {
        return m * (m - 1) / 2.0;
    }

    /** RMS of (measured - planted) strain over the planted particle, after removing the mean difference. */
    static double strainRms(Path maps, Path truthFile) throws Exception {
        JsonNode truth = JSON.readTree(truthFile.toFile());
        double sum = 0, sumSq = 0;
        int n = 0;
        for (CSVRecord r : rows(maps)) {
            int row = Integer.parseInt(r.get("row")), col = Integer.parseInt(r.get("col"));
            if (r.get("strain").isEmpty() || truth.get("mask").get(row).get(col).asInt() != 1) continue;
            double d = Double.parseDouble(r.get("strain")) - truth.get("strain").get(row).get(col).asDouble();
            sum += d;
            sumSq += d * d;
            n++;
        }
        assertTrue(n > 0, "strain values in " + maps);
        return Math.sqrt(Math.max(0, sumSq / n - (sum / n) * (sum / n)));
    }
}
