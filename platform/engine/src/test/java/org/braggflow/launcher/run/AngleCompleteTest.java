package org.braggflow.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.braggflow.launcher.workflow.Workflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a live run takes an angle's file (docs/formats.md, section 7): with markers, not before its
 * {@code .done} exists however still the file is; without, not while it is still growing; and a
 * scan whose file never comes is given up after abandonSeconds.
 */
class AngleCompleteTest {

    @TempDir
    Path dir;

    /** Appends to the file every 100 ms for {@code millis}, as a detector writing a frame series. */
    private static CompletableFuture<Instant> grow(Path file, long millis) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                long end = System.nanoTime() + millis * 1_000_000;
                while (System.nanoTime() < end) {
                    Files.write(file, new byte[4096], StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    Thread.sleep(100);
                }
                return Files.getLastModifiedTime(file).toInstant();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void withoutMarkersAGrowingFileIsTakenOnlyOnceItHasBeenStillForStableSeconds() throws Exception {
        Path file = dir.resolve("scan_1_merlin1.h5");
        CompletableFuture<Instant> written = grow(file, 1500);
        Instant taken = LiveRunner.awaitComplete(List.of(file), new Workflow.Live(Workflow.Live.Completion.STABLE, 0.5, 30));
        Instant lastWrite = written.get(10, TimeUnit.SECONDS);
        Instant now = Instant.now();
        assertEquals(lastWrite, taken, "the landing time is the last modification");
        assertTrue(!now.isBefore(lastWrite.plusMillis(500)), "taken at " + now + ", less than stableSeconds after the last write " + lastWrite);
    }

    @Test
    void withMarkersAFileIsTakenOnlyOnceItsMarkerExists() throws Exception {
        Path file = dir.resolve("scan_2_merlin1.h5"), marker = dir.resolve("scan_2_merlin1.h5.done");
        Files.write(file, new byte[100]);
        Workflow.Live markers = new Workflow.Live(Workflow.Live.Completion.MARKER, 0.5, 30);
        CompletableFuture<Instant> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return LiveRunner.awaitComplete(List.of(file), markers);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(1500);
        assertTrue(!waiting.isDone(), "a still file without its marker is not complete");
        Files.writeString(marker, "");
        Instant taken = waiting.get(10, TimeUnit.SECONDS);
        assertEquals(Files.getLastModifiedTime(marker).toInstant(), taken);
    }

    @Test
    void aFileThatNeverComesIsGivenUpAfterAbandonSeconds() throws Exception {
        long t0 = System.nanoTime();
        assertNull(LiveRunner.awaitComplete(List.of(dir.resolve("never.h5")), new Workflow.Live(Workflow.Live.Completion.STABLE, 0.5, 1)));
        double waited = (System.nanoTime() - t0) / 1e9;
        assertTrue(waited >= 1 && waited < 5, "gave up after " + waited + " s");
    }
}
