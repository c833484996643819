package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} with its watched inbox and hot-reloaded workflow files (contracts.md section 4), as a
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
    void aCronWorkflowProcessesItsInboxOnSchedule() throws Exception {
        String batch = Files.readString(home.resolve("workflows/default.yaml")).replace("id: default", "id: batch")
                .replace("inbox: inbox/default", "inbox: inbox/batch\n  cron: \"0/4 * * * * ?\"");
        Files.writeString(home.resolve("workflows/batch.yaml"), batch);
        Path batchInbox = home.resolve("inbox/batch");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.isDirectory(batchInbox) && System.nanoTime() < deadline) Thread.sleep(200);
        String listing = braggflow("workflows", "--json");
        assertTrue(listing.contains("\"next_fire_time\"") && listing.contains("0/4 * * * * ?"), listing);
        drop("f.h5", "h5", batchInbox);
        awaitFile(batchInbox.resolve(".done/f.h5"), 90);
        assertEquals("succeeded", JSON.readTree(home.resolve("results/batch/f/run.json").toFile()).get("status").asText());
    }
}
