package org.braggflow.launcher.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.braggflow.api.cloud.PointCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resume store keeps finished chunks exactly, and only for the same workflow version and unchanged scan. */
class ResumeStoreTest {

    private static final PointCloud A = new PointCloud(0, 1, new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, new float[] {7f, 8f});
    private static final PointCloud B = new PointCloud(0, 2, new float[] {9f, 10f, 11f}, null);

    @Test
    void finishedChunksComeBackBitForBit(@TempDir Path dir) throws Exception {
        Path scan = Files.writeString(dir.resolve("scan.h5"), "frames");
        Path out = Files.createDirectories(dir.resolve("results"));
        ResumeStore store = ResumeStore.open(out, "sha-1", scan);
        assertTrue(store.finished().isEmpty());
        store.write(0, List.of(A, B));
        store.write(3, List.of());

        Map<Integer, List<PointCloud>> back = ResumeStore.open(out, "sha-1", scan).finished();
        assertEquals(List.of(0, 3), List.copyOf(back.keySet()));
        PointCloud a = back.get(0).get(0), b = back.get(0).get(1);
        assertEquals(1, a.col());
        assertArrayEquals(A.xyz(), a.xyz());
        assertArrayEquals(A.intensity(), a.intensity());
        assertEquals(2, b.col());
        assertNull(b.intensity());
        assertTrue(back.get(3).isEmpty(), "a chunk with no position in the particle is finished too");
    }

    @Test
    void anotherWorkflowVersionOrAChangedScanStartsAfresh(@TempDir Path dir) throws Exception {
        Path scan = Files.writeString(dir.resolve("scan.h5"), "frames");
        Path out = Files.createDirectories(dir.resolve("results"));
        ResumeStore.open(out, "sha-1", scan).write(0, List.of(A));
        assertTrue(ResumeStore.open(out, "sha-2", scan).finished().isEmpty(), "an edited workflow does not reuse clouds");

        ResumeStore.open(out, "sha-1", scan).write(0, List.of(A));
        Files.setLastModifiedTime(scan, FileTime.fromMillis(Files.getLastModifiedTime(scan).toMillis() + 5000));
        assertTrue(ResumeStore.open(out, "sha-1", scan).finished().isEmpty(), "a rewritten scan does not reuse clouds");
    }

    @Test
    void aDamagedChunkIsRedoneAndTheStoreGoesAwayAtTheEnd(@TempDir Path dir) throws Exception {
        Path scan = Files.writeString(dir.resolve("scan.h5"), "frames");
        Path out = Files.createDirectories(dir.resolve("results"));
        ResumeStore store = ResumeStore.open(out, "sha-1", scan);
        store.write(0, List.of(A));
        store.write(1, List.of(B));
        Path chunk1 = out.resolve(ResumeStore.FOLDER).resolve("chunk-000001.bin");
        byte[] bytes = Files.readAllBytes(chunk1);
        Files.write(chunk1, java.util.Arrays.copyOf(bytes, bytes.length - 3));   // a torn write
        Map<Integer, List<PointCloud>> back = ResumeStore.open(out, "sha-1", scan).finished();
        assertEquals(List.of(0), List.copyOf(back.keySet()), "the truncated chunk's positions are simply redone");

        ResumeStore.open(out, "sha-1", scan).discard();
        assertFalse(Files.exists(out.resolve(ResumeStore.FOLDER)));
    }
}
