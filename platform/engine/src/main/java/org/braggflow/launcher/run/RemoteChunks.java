package org.braggflow.launcher.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.braggflow.api.scan.PositionVolume;

/**
 * The coordinator's side of a run whose per-position stages run on workers: positions stream past
 * (from several threads, in any order within a chunk); the volumes to analyse are held until every
 * position of their chunk has been seen, then the chunk goes out whole. A chunk is the resume store's
 * chunk, so a chunk is both the unit of work and the unit of exactly-once bookkeeping.
 */
final class RemoteChunks implements AutoCloseable {

    private final RemotePositions.Run run;
    private final AtomicIntegerArray unseen;
    private final ConcurrentHashMap<Integer, List<PositionVolume>> pending = new ConcurrentHashMap<>();

    RemoteChunks(RemotePositions.Run run, int positions) {
        this.run = run;
        int chunks = (positions + ResumeStore.CHUNK - 1) / ResumeStore.CHUNK;
        unseen = new AtomicIntegerArray(chunks);
        for (int c = 0; c < chunks; c++) unseen.set(c, Math.min(ResumeStore.CHUNK, positions - c * ResumeStore.CHUNK));
    }

    /** A position streamed past; {@code volume} is null when it is not to be analysed (outside the mask, or resumed). */
    void seen(int chunk, PositionVolume volume) throws Exception {
        if (volume != null) pending.computeIfAbsent(chunk, c -> Collections.synchronizedList(new ArrayList<>())).add(volume);
        if (unseen.decrementAndGet(chunk) != 0) return;
        List<PositionVolume> volumes = pending.remove(chunk);
        if (volumes == null || volumes.isEmpty()) return;
        List<PositionVolume> sorted = new ArrayList<>(volumes);
        // row-major, so a chunk's message is the same whichever thread saw which position first
        sorted.sort((a, b) -> a.row() != b.row() ? Integer.compare(a.row(), b.row()) : Integer.compare(a.col(), b.col()));
        run.submit(chunk, sorted);
    }

    RemotePositions.Run run() {
        return run;
    }

    @Override
    public void close() {
        run.close();
    }
}
