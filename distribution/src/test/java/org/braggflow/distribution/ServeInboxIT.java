package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with its watched inbox and hot-reloaded workflow files (docs/formats.md, section 3), as a
 * separate process: dropped scans are analysed and moved to .done, bad ones to .failed with an
 * .error.txt, a saved workflow is used by the next scan, and an invalid edit leaves the previous
 * version running.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServeInboxIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    static Path home;
    static Path inbox;
    static Process serve;

    static String braggflow(String... args) throws IOException, InterruptedException {
        Braggflow.Outcome r = Braggflow.run(home, args);
        assertEquals(0, r.code(), r.output());
        return r.output();
    }

    @BeforeAll
    static void startServe() throws Exception {
        home = work.resolve("home");
        inbox = home.resolve("inbox/default");
        serve = Braggflow.serve(home);
    }

    @AfterAll
    static void stopServe() throws Exception {
        serve.destroy();
        assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "serve stops on SIGTERM");
    }

    /** Simulates a small scan outside the inbox, then moves it in at once, as a finished copy arrives. */
    static Path drop(String name, String format) throws Exception {
        return drop(name, format, inbox);
    }

    static Path drop(String name, String format, Path inbox) throws Exception {
        Path staging = Files.createDirectories(work.resolve("staging"));
        Path scan = staging.resolve(name);
        braggflow("simulate", "--out", scan.toString(), "--format", format, "--rows", "10", "--cols", "12", "--angles", "5",
                "--det", "32", "32", "--seed", "3", "--drift", "0.5");
        return Files.move(scan, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    static void awaitFile(Path p, int seconds) throws InterruptedException {
        Braggflow.awaitFile(p, seconds);
    }

    static JsonNode runRecord(String scanId) throws IOException {
        return JSON.readTree(home.resolve("results/default").resolve(scanId).resolve("run.json").toFile());
    }

    static long sorK(JsonNode run) {
        for (JsonNode s : run.get("stages")) {
            if (s.get("stage.name").asText().equals("sor")) return s.get("parameters").get("k").asLong();
        }
        throw new AssertionError("no sor stage in " + run);
    }

    @Test
    @Order(1)
    void droppedScansOfEachFormatAreAnalysedAndMovedToDone() throws Exception {
        drop("a.h5", "h5");
        drop("b-tiff", "tiff");
        awaitFile(inbox.resolve(".done/a.h5"), 90);
        awaitFile(inbox.resolve(".done/b-tiff"), 90);
        assertEquals("succeeded", runRecord("a").get("status").asText());
        assertEquals("succeeded", runRecord("b-tiff").get("status").asText());
        assertEquals(30, sorK(runRecord("a")));
        assertTrue(Files.exists(home.resolve("results/default/a/report.html")));
    }

    @Test
    @Order(2)
    void badInputGoesToFailedWithAnErrorFileAndNothingElseStops() throws Exception {
        Files.writeString(inbox.resolve(".fake.h5.tmp"), "these bytes are not HDF5");
        Files.move(inbox.resolve(".fake.h5.tmp"), inbox.resolve("fake.h5"), StandardCopyOption.ATOMIC_MOVE);
        awaitFile(inbox.resolve(".failed/fake.h5.error.txt"), 60);
        String error = Files.readString(inbox.resolve(".failed/fake.h5.error.txt"));
        assertTrue(error.contains("fake.h5") && error.contains("no deployed reader recognises it"), error);
        assertTrue(Files.exists(inbox.resolve(".failed/fake.h5")), "the input is kept");
        // a file of a format no deployed reader takes is not ignored either: it is reported, and kept
        Files.writeString(inbox.resolve(".notes.txt.tmp"), "beamtime notes, not a scan");
        Files.move(inbox.resolve(".notes.txt.tmp"), inbox.resolve("notes.txt"), StandardCopyOption.ATOMIC_MOVE);
        awaitFile(inbox.resolve(".failed/notes.txt.error.txt"), 60);
        String notes = Files.readString(inbox.resolve(".failed/notes.txt.error.txt"));
        assertTrue(notes.contains("notes.txt") && notes.contains("no deployed reader recognises it") && notes.contains("hdf5"), notes);
        assertEquals("beamtime notes, not a scan", Files.readString(inbox.resolve(".failed/notes.txt")));
        drop("c.h5", "h5");
        awaitFile(inbox.resolve(".done/c.h5"), 90);
    }

    @Test
    @Order(3)
    void aSavedWorkflowIsUsedByTheNextScanAndABadEditKeepsThePreviousVersion() throws Exception {
        Path wf = home.resolve("workflows/default.yaml");
        String text = Files.readString(wf);
        Files.writeString(wf, text.replace("k: 30", "k: 25"));
        Thread.sleep(3000);
        drop("d.h5", "h5");
        awaitFile(inbox.resolve(".done/d.h5"), 90);
        assertEquals(25, sorK(runRecord("d")));

        Files.writeString(wf, text.replace("stages:", "stages: [unclosed"));
        Thread.sleep(2500);
        Files.writeString(wf, text.replace("k: 30", "kay: 25"));
        Thread.sleep(3000);
        drop("e.h5", "h5");
        awaitFile(inbox.resolve(".done/e.h5"), 90);
        assertEquals(25, sorK(runRecord("e")), "the previous good version ran");
        String log = Files.readString(home.resolve("logs/braggflow.log"));
        assertTrue(log.contains("has no parameter 'kay' (did you mean 'k'?)") && log.contains("the previous version keeps running"), log);
        assertTrue(log.contains("not valid YAML"), "the syntax error was reported: " + log);
        Files.writeString(wf, text);
    }

    @Test
    @Order(4)
    void aCronWorkflowProcessesItsInboxOnScheduleAndFiresDuringARunAreSerialised() throws Exception {
        // fires every second, while one run takes longer: stateful Quartz jobs never overlap (a fire during a run
        // waits for it; missed fire times are not replayed), so the runs of the three scans follow one another
        String batch = Files.readString(home.resolve("workflows/default.yaml")).replace("id: default", "id: batch")
                .replace("inbox: inbox/default", "inbox: inbox/batch\n  cron: \"0/1 * * * * ?\"");
        Files.writeString(home.resolve("workflows/batch.yaml"), batch);
        Path batchInbox = home.resolve("inbox/batch");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.isDirectory(batchInbox) && System.nanoTime() < deadline) Thread.sleep(200);
        String listing = braggflow("workflows", "--json");
        assertTrue(listing.contains("\"next_fire_time\"") && listing.contains("0/1 * * * * ?"), listing);
        List<String> names = List.of("f", "g", "h");
        for (String n : names) drop(n + ".h5", "h5", batchInbox);
        List<Instant[]> spans = new java.util.ArrayList<>();
        for (String n : names) {
            awaitFile(batchInbox.resolve(".done/" + n + ".h5"), 120);
            JsonNode run = JSON.readTree(home.resolve("results/batch/" + n + "/run.json").toFile());
            assertEquals("succeeded", run.get("status").asText());
            spans.add(new Instant[] {Instant.parse(run.get("started").asText()), Instant.parse(run.get("ended").asText())});
        }
        spans.sort(java.util.Comparator.comparing(a -> a[0]));
        for (int i = 1; i < spans.size(); i++) {
            assertFalse(spans.get(i)[0].isBefore(spans.get(i - 1)[1]), "runs overlap: " + spans.get(i - 1)[1] + " > " + spans.get(i)[0]);
        }
        Files.delete(home.resolve("workflows/batch.yaml"));
    }

    /**
     * A retraining workflow (cron + training section): a workflow that keeps its clouds analyses a scan,
     * then the retraining fires, trains its encoder on those clouds and registers the model with the scan
     * as its training data.
     */
    @Test
    @Order(5)
    void aScheduledRetrainingTrainsOnTheCloudsOfTheLastRunsAndRegistersTheModel() throws Exception {
        String keep = Files.readString(home.resolve("workflows/default.yaml")).replace("id: default", "id: keep")
                .replace("inbox: inbox/default", "inbox: inbox/keep")
                .replace("    use: report", "    use: report\n  - type: exporter\n    use: clouds");
        assertTrue(keep.contains("use: clouds"), keep);
        Files.writeString(home.resolve("workflows/keep.yaml"), keep);
        Path keepInbox = home.resolve("inbox/keep");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.isDirectory(keepInbox) && System.nanoTime() < deadline) Thread.sleep(200);
        drop("k.h5", "h5", keepInbox);
        awaitFile(keepInbox.resolve(".done/k.h5"), 90);
        Files.writeString(home.resolve("workflows/nightly.yaml"), String.join("\n",
                "id: nightly",
                "triggers:",
                "  cron: \"0/2 * * * * ?\"",
                "training:",
                "  clouds-of: keep",
                "  last-scans: 3",
                "  model: keep-nightly",
                "stages:",
                "  - type: encoder",
                "    use: pca",
                "    with: {featureSize: 4}", ""));
        Path results = home.resolve("results/nightly");
        JsonNode run = null;
        deadline = System.nanoTime() + 60_000_000_000L;
        while (run == null && System.nanoTime() < deadline) {
            Thread.sleep(500);
            if (!Files.isDirectory(results)) continue;
            try (var runs = Files.list(results)) {
                for (Path r : runs.toList()) {
                    Path json = r.resolve("run.json");
                    if (Files.exists(json)) {
                        JsonNode n = JSON.readTree(json.toFile());
                        if (!n.path("status").asText().equals("running")) run = n;
                    }
                }
            }
        }
        Files.delete(home.resolve("workflows/nightly.yaml"));
        assertTrue(run != null, "no retraining ran within 60 s");
        assertEquals("succeeded", run.get("status").asText(), run.toString());
        assertEquals("k", run.get("training_scans").get(0).get("scan_id").asText());
        String modelId = run.get("model_id").asText();
        assertTrue(modelId.startsWith("keep-nightly-"), modelId);
        JsonNode registered = JSON.readTree(home.resolve("models").resolve(modelId).resolve("registry.json").toFile());
        assertEquals("k", registered.get("training").get("scans").get(0).get("scan_id").asText());
        assertEquals(run.get("training_scans").get(0).get("clouds").asInt(), registered.get("training").get("scans").get(0).get("clouds").asInt());
    }
}
