package org.braggflow.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run list is what the runs wrote: run.json files, newest first, and the inboxes' refusals. */
class RunIndexTest {

    @TempDir
    Path dir;

    private Path run(String wf, String scan, String json) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("results").resolve(wf).resolve(scan));
        Files.writeString(folder.resolve("run.json"), json);
        return folder;
    }

    @Test
    void runsNewestFirstWithProgressAndErrorsAndTheRefusedInputs() throws Exception {
        run("default", "old", "{\"status\":\"succeeded\",\"started\":\"2026-12-01T10:00:00Z\",\"seconds\":12.5,\"clusters\":4}");
        run("default", "now", "{\"status\":\"running\",\"started\":\"2026-12-05T10:00:00Z\",\"progress\":{\"positions_done\":7,\"positions_total\":20}}");
        run("pca", "bad", "{\"status\":\"failed\",\"started\":\"2026-12-03T10:00:00Z\",\"error\":\"frames.h5: truncated\"}");
        Files.createDirectories(dir.resolve("results/default/.resume-junk"));
        Path inbox = Files.createDirectories(dir.resolve("inbox/default/.failed"));
        Files.writeString(inbox.resolve("notes.txt.error.txt"), "notes.txt: no deployed reader accepts it\n");
        RunIndex index = new RunIndex(() -> List.of(dir.resolve("results"), dir.resolve("missing")), () -> List.of(dir.resolve("inbox/default")));

        ObjectNode s = index.summary();
        List<String> order = s.get("runs").findValuesAsText("scan");
        assertEquals(List.of("now", "bad", "old"), order);
        JsonNode running = s.get("runs").get(0);
        assertEquals("running", running.get("status").asText());
        assertEquals(7, running.path("progress").path("positions_done").asInt());
        assertEquals("frames.h5: truncated", s.get("runs").get(1).get("error").asText());
        assertEquals(4, s.get("runs").get(2).get("clusters").asInt());
        assertEquals(1, s.get("refused").size());
        assertEquals("notes.txt", s.get("refused").get(0).get("input").asText());
        assertTrue(s.get("refused").get(0).get("error").asText().contains("no deployed reader"));
        assertTrue(index.run("pca", "bad").isPresent());
        assertTrue(index.run("pca", "none").isEmpty());
    }

    @Test
    void theFingerprintChangesWhenARunRecordIsRewritten() throws Exception {
        Path folder = run("default", "scan", "{\"status\":\"running\",\"progress\":{\"positions_done\":1,\"positions_total\":20}}");
        RunIndex index = new RunIndex(() -> List.of(dir.resolve("results")), List::of);
        String before = index.fingerprint();
        assertEquals(before, index.fingerprint(), "nothing changed, nothing to push");
        Files.writeString(folder.resolve("run.json"), "{\"status\":\"running\",\"progress\":{\"positions_done\":12,\"positions_total\":20}}");
        assertNotEquals(before, index.fingerprint(), "a rewritten record is pushed");
    }
}
