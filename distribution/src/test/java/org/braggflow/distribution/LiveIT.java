package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live mapping through {@code serve} (docs/formats.md, section 7): {@code simulate --live-delay} writes an HXN
 * scan into a live inbox as a beamline would (scan.json first, then each angle's file and its .done
 * marker after a delay). Partial maps must appear after the first angles, no angle may be read before
 * its marker exists, the final outputs must equal an offline run of the completed folder, and a scan
 * whose angles stop coming must end incomplete with its partial outputs kept, then restart and finish
 * when its missing files arrive.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int ANGLES = 7;

    @TempDir
    static Path work;

    static Path home;
    static Path inbox;
    static Process serve;

    @BeforeAll
    static void startServe() throws Exception {
        home = work.resolve("home");
        Files.createDirectories(home.resolve("workflows"));
        // the shipped live workflow, with the beamline's .done markers and a short abandon time for the test
        Files.writeString(home.resolve("workflows/live-test.yaml"), String.join("\n",
                "id: live-test",
                "triggers:",
                "  inbox: inbox/live-test",
                "  live: {complete: marker, abandonSeconds: 8}",
                "stages:",
                "  - {type: reader, use: hxn}",
                "  - {type: maps, use: conventional}",
                "  - {type: features, use: blocks}",
                "  - {type: clusterer, use: kmeans, with: {scaling: none, maxK: 8}}",
                "  - {type: exporter, use: tables}",
                "  - {type: exporter, use: images}",
                "  - {type: exporter, use: report}",
                ""));
        inbox = home.resolve("inbox/live-test");
        serve = Braggflow.serve(home);
    }

    @AfterAll
    static void stopServe() throws Exception {
        serve.destroy();
        assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "serve stops on SIGTERM");
    }

    static String[] simulate(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("simulate", "--out", out.toString(), "--format", "hxn", "--rows", "12", "--cols", "14",
                "--angles", String.valueOf(ANGLES), "--det", "32", "32", "--seed", "5", "--drift", "0.5",
                "--truth", work.resolve(out.getFileName() + ".truth.json").toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    static JsonNode record(Path runFolder) {
        try {
            return JSON.readTree(runFolder.resolve("run.json").toFile());
        } catch (IOException e) {
            return null;   // not written yet
        }
    }

    static long markers(Path scan) throws IOException {
        if (!Files.isDirectory(scan)) return 0;
        try (var files = Files.list(scan)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".done")).count();
        }
    }

    @Test
    @Order(1)
    void aScanWrittenAngleByAngleIsMappedAsItArrivesAndEndsEqualToAnOfflineRun() throws Exception {
        Path scan = inbox.resolve("scan-live");
        Process writer = Braggflow.builder(home, simulate(scan, "--live-delay", "3")).start();
        Path run = home.resolve("results/live-test/scan-live");
        TreeSet<Integer> partialAngleCounts = new TreeSet<>();
        boolean partialMapsSeen = false;
        long deadline = System.nanoTime() + 240_000_000_000L;
        JsonNode r = null;
        while (System.nanoTime() < deadline) {
            r = record(run);
            String status = r == null ? "" : r.path("status").asText();
            if (status.equals("partial")) {
                int seen = r.path("live").path("angles").size();
                if (seen > 0 && seen < ANGLES && Files.exists(run.resolve("maps.csv"))) partialMapsSeen = true;
                partialAngleCounts.add(seen);
            }
            if (status.equals("succeeded") || status.equals("failed") || status.equals("incomplete")) break;
            Thread.sleep(100);
        }
        assertTrue(writer.waitFor(60, TimeUnit.SECONDS), "simulate --live-delay ended");
        assertEquals(0, writer.exitValue(), new String(writer.getInputStream().readAllBytes()));
        assertEquals("succeeded", r.path("status").asText(), r.toPrettyString());
        assertTrue(partialMapsSeen, "partial maps were seen before the last angle; angle counts seen while partial: " + partialAngleCounts);
        assertTrue(partialAngleCounts.size() >= 3, "the partial record grew angle by angle: " + partialAngleCounts);
        Braggflow.awaitFile(inbox.resolve(".done/scan-live/scan.json"), 30);
        Path done = inbox.resolve(".done/scan-live");

        // every angle was read only after its marker was written, and its partial maps followed
        JsonNode angles = r.path("live").path("angles");
        assertEquals(ANGLES, angles.size(), r.path("live").toPrettyString());
        assertEquals(ANGLES, r.path("live").path("planned_angles").asInt());
        List<Double> delays = new ArrayList<>();
        for (JsonNode a : angles) {
            Path file = done.resolve(Path.of(a.path("file").asText()).getFileName());
            Instant marker = Files.getLastModifiedTime(file.resolveSibling(file.getFileName() + ".done")).toInstant();
            Instant read = Instant.parse(a.path("read_at").asText());
            assertFalse(read.isBefore(marker), "angle " + a.path("angle") + " read at " + read + ", before its marker (" + marker + ")");
            assertTrue(!Instant.parse(a.path("partial_written_at").asText()).isBefore(read));
            delays.add(a.path("seconds_to_partial").asDouble());
        }
        System.out.println("live: seconds from an angle's marker to its partial outputs: " + delays);

        // the final outputs equal an offline run of the completed folder
        Path offline = work.resolve("offline");
        Braggflow.Outcome o = Braggflow.run(home, "run", "live-test", done.toString(), "--results", offline.toString());
        assertEquals(0, o.code(), o.output());
        for (String f : List.of("maps.csv", "clusters.csv")) {
            assertEquals(Files.readString(offline.resolve("live-test/scan-live").resolve(f)), Files.readString(run.resolve(f)),
                    f + " of the live run differs from the offline run's");
        }
        assertFalse(Files.exists(run.resolve(".partial")), "the staging folder of partial outputs is gone");
    }

    @Test
    @Order(2)
    void aScanWhoseAnglesStopEndsIncompleteAndRestartsWhenTheRestArrives() throws Exception {
        Path scan = inbox.resolve("scan-stalled");
        Process writer = Braggflow.builder(home, simulate(scan, "--live-delay", "2")).start();
        Path run = home.resolve("results/live-test/scan-stalled");
        // let three angles land, then the beamline stops
        long until = System.nanoTime() + 120_000_000_000L;
        while (markers(scan) < 3 && System.nanoTime() < until) Thread.sleep(100);
        assertTrue(markers(scan) >= 3, "three angles were written within 120 s");
        writer.descendants().forEach(ProcessHandle::destroyForcibly);
        writer.destroyForcibly();
        writer.waitFor(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + 120_000_000_000L;
        JsonNode r = null;
        while (System.nanoTime() < deadline) {
            r = record(run);
            if (r != null && r.path("status").asText().equals("incomplete")) break;
            Thread.sleep(200);
        }
        assertEquals("incomplete", r.path("status").asText(), String.valueOf(r));
        assertTrue(r.path("error").asText().contains("no new complete angle"), r.path("error").asText());
        int mapped = r.path("live").path("angles").size();
        assertTrue(mapped >= 3 && mapped < ANGLES, "angles mapped before the scan stalled: " + mapped);
        assertTrue(Files.exists(run.resolve("maps.csv")), "partial maps are kept");
        assertTrue(Files.exists(scan.resolve("scan.json")), "the stalled scan stays in the inbox");

        // the rest of the scan arrives: a complete copy written elsewhere supplies the missing angles, each file then its marker
        Path full = work.resolve("full/scan-stalled");
        Braggflow.Outcome s = Braggflow.run(home, simulate(full));
        assertEquals(0, s.code(), s.output());
        try (var files = Files.list(full)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".h5")).sorted().toList()) {
                if (Files.exists(scan.resolve(f.getFileName() + ".done"))) continue;
                // the angle's fluorescence map, then its frames, then the marker, in the simulator's order
                String id = f.getFileName().toString().split("_")[1];
                Files.copy(full.resolve(id + "_xrf.tiff"), scan.resolve(id + "_xrf.tiff"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.copy(f, scan.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                Files.writeString(scan.resolve(f.getFileName() + ".done"), "");
            }
        }
        Braggflow.awaitFile(inbox.resolve(".done/scan-stalled/scan.json"), 180);
        r = record(run);
        assertEquals("succeeded", r.path("status").asText(), r.toPrettyString());
        assertEquals(ANGLES, r.path("live").path("angles").size());
    }
}
