package org.braggflow.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.launcher.run.RemotePositions;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {

    static ScanMetadata scan() {
        Geometry g = new Geometry(12.0, 18.1, 28.5, 0.5, 55, 100, Double.NaN, 31.5, Double.NaN, true, false, Geometry.Convention.HXN);
        return new ScanMetadata("scan-7", "h5", 2, 3, 4, 5, new double[] {-38.8, -38.7, -38.6}, g, List.of(Path.of("/data/scan-7.h5")));
    }

    static RemotePositions.Plan plan(String run, String workflow) {
        return new RemotePositions.Plan(run, workflow, "ab".repeat(32), List.of(
                new RemotePositions.Step(1, "cloud", "threshold", Map.of("maxPoints", 3000, "fraction", 0.05, "mode", "fraction-of-max"),
                        "org.braggflow.cloud.threshold", "0.1.0", null, null),
                new RemotePositions.Step(2, "denoiser", "sor", Map.of(), "org.braggflow.denoise.sor", "0.1.0", null, null)), scan(), "braggflow.models.test-1");
    }

    static List<PositionVolume> volumes(int n, long seed) {
        Random r = new Random(seed);
        List<PositionVolume> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[3 * 4 * 5];
            for (int j = 0; j < v.length; j++) v[j] = r.nextInt(4) == 0 ? r.nextInt(1000) : 0f;
            v[7] = Float.NaN;
            out.add(new PositionVolume(i / 3, i % 3, 3, 4, 5, v));
        }
        return out;
    }

    @Test
    void workRoundTripsExactlyWithAndWithoutCompression() throws IOException {
        RemotePositions.Plan plan = plan("wf.scan-7.1", "wf");
        List<PositionVolume> volumes = volumes(5, 1);
        for (boolean compress : new boolean[] {false, true}) {
            ChunkCodec.Work w = ChunkCodec.decodeWork(ChunkCodec.encodeWork(plan, 4, volumes, compress));
            assertEquals(4, w.chunk());
            assertEquals(plan.runId(), w.plan().runId());
            assertEquals(plan.workflowSha256(), w.plan().workflowSha256());
            assertEquals(plan.modelQueue(), w.plan().modelQueue());
            assertEquals(plan.steps(), w.plan().steps(), "steps, parameter values and bundle versions survive");
            ScanMetadata m = w.plan().scan();
            assertEquals(scan().geometry(), m.geometry());
            assertArrayEquals(scan().anglesDeg(), m.anglesDeg());
            assertEquals(scan().inputFiles(), m.inputFiles());
            assertEquals(volumes.size(), w.volumes().size());
            for (int i = 0; i < volumes.size(); i++) {
                assertEquals(volumes.get(i).row(), w.volumes().get(i).row());
                assertEquals(volumes.get(i).col(), w.volumes().get(i).col());
                assertArrayEquals(volumes.get(i).intensity(), w.volumes().get(i).intensity(), "bit for bit, NaN included");
            }
        }
    }

    @Test
    void compressionShrinksSparseCounts() throws IOException {
        List<PositionVolume> volumes = volumes(32, 2);
        int plain = ChunkCodec.encodeWork(plan("r", "wf"), 0, volumes, false).length;
        int deflated = ChunkCodec.encodeWork(plan("r", "wf"), 0, volumes, true).length;
        assertTrue(deflated < plain / 2, deflated + " bytes deflated vs " + plain + " plain");
    }

    @Test
    void resultRoundTripsCloudsProvenanceAndTimes() throws IOException {
        PointCloud withIntensity = new PointCloud(0, 1, new float[] {1, 2, 3, 4, 5, 6}, new float[] {10, 20});
        PointCloud bare = new PointCloud(0, 2, new float[] {7, 8, 9}, null);
        RemotePositions.ChunkResult r = new RemotePositions.ChunkResult(3, "host-12", List.of(
                new RemotePositions.PositionResult(0, 0, null),
                new RemotePositions.PositionResult(0, 1, withIntensity, new float[] {0.5f, -1.25f, Float.MIN_VALUE}),
                new RemotePositions.PositionResult(0, 2, bare)),
                List.of(Map.of("step", 1, "stage.type", "cloud", "parameters", Map.of("maxPoints", 3000))),
                Map.of("cloud/threshold@0.1.0", new double[] {0.25, 3}));
        RemotePositions.ChunkResult back = ChunkCodec.decodeResult(ChunkCodec.encodeResult(r, true));
        assertEquals(3, back.chunk());
        assertEquals("host-12", back.worker());
        assertNull(back.positions().get(0).cloud());
        assertArrayEquals(withIntensity.xyz(), back.positions().get(1).cloud().xyz());
        assertArrayEquals(withIntensity.intensity(), back.positions().get(1).cloud().intensity());
        assertNull(back.positions().get(2).cloud().intensity());
        assertArrayEquals(new float[] {0.5f, -1.25f, Float.MIN_VALUE}, back.positions().get(1).codeword());
        assertNull(back.positions().get(2).codeword());
        assertEquals(r.stagesUsed(), back.stagesUsed());
        assertArrayEquals(new double[] {0.25, 3}, back.stageTimes().get("cloud/threshold@0.1.0"));
    }

    @Test
    void foreignBytesAreRefusedNotMisread() throws IOException {
        byte[] work = ChunkCodec.encodeWork(plan("r", "wf"), 0, volumes(1, 3), false);
        IOException e = assertThrows(IOException.class, () -> ChunkCodec.decodeResult(work));
        assertTrue(e.getMessage().contains("not a chunk result"), e.getMessage());
        assertThrows(IOException.class, () -> ChunkCodec.decodeWork(new byte[] {7, 1, 2}));
        assertThrows(IOException.class, () -> ChunkCodec.decodeWork(new byte[0]));
    }
}
