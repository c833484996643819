package org.braggflow.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json as other tools read it: snake_case keys in a fixed order, lower-case status, nothing null, read back whole. */
class RunRecordTest {

    private static final Instant START = Instant.parse("2026-12-05T04:00:00Z");

    private static RunRecord finishedRun() {
        RunRecord r = RunRecord.starting("lattice-defects", "/home/workflows/lattice-defects.yaml", "ab12", START);
        r.scan("scan-7", "/inbox/scan-7.h5");
        r.workflowText("id: lattice-defects\n");
        r.progress(10, 40);
        r.reader("scan-7", "hdf5", "hdf5", Map.of("alignment", "xrf"));
        r.inputs(List.of(new RunRecord.InputFile("/inbox/scan-7.h5", 1234, "ff00")));
        r.positions(new RunRecord.Positions(40, 31, 30));
        r.stages(List.of(Map.of("type", "cloud", "name", "threshold", "parameters", Map.of("maxPoints", 3000))));
        r.model(new RunRecord.ModelUse("m-1", null, "cafe", RunRecord.ModelUse.TRAINED_ON_THIS_SCAN, Map.of("model.json", "beef"),
                "encoder/foldingnet", "org.braggflow.encode.foldingnet", "0.3.0", 512, null, null, null, null, Map.of("centre", "mass")));
        r.clusters(5);
        r.stageSeconds(Map.of("denoiser/sor@0.1.0", new RunRecord.StageTime(1.5, 30)));
        r.finish(START.plusMillis(61_500), null);
        return r;
    }

    @Test
    void aFinishedRunIsWrittenInFileOrderWithSnakeCaseKeysAndReadBackWhole(@TempDir Path folder) throws Exception {
        finishedRun().write(folder);
        JsonNode n = new ObjectMapper().readTree(Files.readString(folder.resolve(RunRecord.FILE)));
        List<String> keys = new ArrayList<>();
        n.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("workflow_id", "scan_id", "status", "started", "ended", "seconds", "positions", "workflow_file",
                "workflow_sha256", "scan_path", "scan_format", "reader", "stages", "model", "clusters", "stage_seconds", "inputs",
                "reader_details", "workflow_text"), keys, "no error, no progress once finished; nothing null is written");
        assertEquals("succeeded", n.get("status").asText());
        assertEquals(61.5, n.get("seconds").asDouble(), 0);
        assertEquals(31, n.get("positions").get("in_mask").asInt());
        assertEquals("trained on this scan", n.get("model").get("source").asText());
        assertEquals(512, n.get("model").get("feature_size").asInt());
        assertEquals(3000, n.get("stages").get(0).get("parameters").get("maxPoints").asInt(), "parameter names stay as workflows write them");
        assertEquals(30, n.get("stage_seconds").get("denoiser/sor@0.1.0").get("calls").asInt());

        RunRecord back = RunRecord.read(folder.resolve(RunRecord.FILE));
        assertEquals(RunRecord.Status.SUCCEEDED, back.status());
        assertEquals(START.plusMillis(61_500), back.ended());
        assertEquals(new RunRecord.Positions(40, 31, 30), back.positions());
        assertTrue(back.model().trainedOnThisScan());
        assertEquals("ff00", back.inputs().get(0).sha256());
        assertNull(back.progress());
    }

    @Test
    void aRunningRunShowsItsProgressAndAFailedOneItsError(@TempDir Path folder) throws Exception {
        RunRecord r = RunRecord.starting("default", "default.yaml", "00", START);
        r.progress(3, 9);
        r.write(folder);
        RunRecord running = RunRecord.read(folder.resolve(RunRecord.FILE));
        assertEquals(RunRecord.Status.RUNNING, running.status());
        assertEquals(new RunRecord.Progress(3, 9), running.progress());
        assertNull(running.ended());

        r.finish(START.plusSeconds(2), "scan.h5: no dataset /entry/data/frames");
        r.write(folder);
        JsonNode n = new ObjectMapper().readTree(folder.resolve(RunRecord.FILE).toFile());
        assertEquals("failed", n.get("status").asText());
        assertEquals("scan.h5: no dataset /entry/data/frames", n.get("error").asText());
        assertFalse(n.has("progress"));
    }

    @Test
    void fieldsOfALaterVersionAreSkippedWhenReading(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve(RunRecord.FILE), "{\"workflow_id\": \"w\", \"status\": \"succeeded\", \"from_the_future\": {\"x\": 1},"
                + " \"started\": \"2026-12-05T04:00:00Z\", \"ended\": \"2026-12-05T04:00:05Z\"}");
        RunRecord r = RunRecord.read(folder.resolve(RunRecord.FILE));
        assertEquals("w", r.workflowId());
        assertEquals(RunRecord.Status.SUCCEEDED, r.status());
    }

    @Test
    void provenanceForExportersLeavesOutTheProgress() {
        RunRecord r = RunRecord.starting("w", "w.yaml", "00", START);
        r.workflowText("id: w\n");
        r.progress(1, 2);
        r.clusters(4);
        Map<String, Object> p = r.provenance();
        assertFalse(p.containsKey("progress"), p.toString());
        assertEquals("id: w\n", p.get("workflow_text"), "results.nxs keeps the workflow text");
        assertEquals(4, p.get("clusters"));
        assertEquals("running", p.get("status"));
        assertEquals(List.of("workflow_id", "status", "started", "workflow_file", "workflow_sha256", "clusters", "workflow_text"), List.copyOf(p.keySet()));
    }
}
