package org.braggflow.launcher.run;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.MapAccumulator;
import org.braggflow.api.stage.PositionSummaries;
import org.braggflow.api.stage.PositionSummary;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.launcher.models.ModelRecord;

/**
 * What one run of a workflow on one scan gathers as its exchange travels the route; the position
 * sub-exchanges share it (they add clouds and progress from several threads).
 */
final class RunState {

    final Path scanPath;
    final Path outputFolder;
    final ProgressListener progress;
    final List<PointCloud> clouds = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong positionsDone = new AtomicLong();
    final AtomicLong positionsInMask = new AtomicLong();
    volatile String readerName;
    volatile ScanSource scan;
    /** A live run's scan, read angle by angle (null for an offline run). */
    volatile org.braggflow.api.scan.LiveScan liveScan;
    volatile MapAccumulator mapAccumulator;
    /** The refiner's summary of each position in the mask, made as the scan is read (null: the refiner keeps none). */
    volatile PositionSummary refinerSummary;
    volatile PositionSummaries refinerSummaries;
    volatile ScanMaps maps;
    volatile EncoderModel model;
    /** The registry's record of {@link #model}: loaded from the registry, or registered after training on this scan. */
    volatile ModelRecord modelRecord;
    /** Whether {@link #model} was trained on this scan rather than loaded. */
    volatile boolean modelTrained;
    volatile FeatureTable features;
    /** What the clusterer grouped when a features step built it (else the clusterer groups {@link #features}); same positions and order. */
    volatile FeatureTable clustered;
    volatile ClusterResult clusters;

    /** The chunks sent to workers when per-position stages run in a cluster; null when they run here. */
    volatile RemoteChunks remote;
    /** Codewords the workers made with a registered model, by row-major position index. */
    final java.util.Map<Integer, float[]> remoteCodewords = new java.util.concurrent.ConcurrentHashMap<>();
    /** Where finished chunks of positions are kept for a resume after a crash; null when not kept. */
    volatile ResumeStore resume;
    /** Chunks finished by an earlier, interrupted run of the same workflow version on the same scan. */
    volatile java.util.Set<Integer> resumedChunks = java.util.Set.of();
    /** Per chunk, positions not yet through the cloud and denoiser stages (set when the scan is open). */
    private volatile java.util.concurrent.atomic.AtomicIntegerArray chunkRemaining;
    private final java.util.concurrent.ConcurrentHashMap<Integer, List<PointCloud>> chunkClouds = new java.util.concurrent.ConcurrentHashMap<>();

    RunState(Path scanPath, Path outputFolder, ProgressListener progress) {
        this.scanPath = scanPath;
        this.outputFolder = outputFolder;
        this.progress = progress;
    }

    /** Called once the scan is open: how many positions each chunk has. */
    void startChunks(int positions) {
        int chunks = (positions + ResumeStore.CHUNK - 1) / ResumeStore.CHUNK;
        chunkRemaining = new java.util.concurrent.atomic.AtomicIntegerArray(chunks);
        for (int c = 0; c < chunks; c++) chunkRemaining.set(c, Math.min(ResumeStore.CHUNK, positions - c * ResumeStore.CHUNK));
    }

    /**
     * A position is through the per-position stages (or skipped: outside the mask, or in a resumed
     * chunk), with its cloud if it has one; the last position of a chunk writes the chunk's clouds.
     */
    void positionDone(int chunk, PointCloud cloud) throws java.io.IOException {
        if (cloud != null) chunkClouds.computeIfAbsent(chunk, c -> Collections.synchronizedList(new ArrayList<>())).add(cloud);
        if (chunkRemaining == null || chunkRemaining.decrementAndGet(chunk) != 0) return;
        List<PointCloud> finished = chunkClouds.remove(chunk);
        if (resume != null && !resumedChunks.contains(chunk)) {
            List<PointCloud> sorted = finished == null ? new ArrayList<>() : new ArrayList<>(finished);
            sorted.sort((a, b) -> a.row() != b.row() ? Integer.compare(a.row(), b.row()) : Integer.compare(a.col(), b.col()));
            resume.write(chunk, sorted);
        }
    }

    /** Clouds in row-major position order (they arrive in any order from parallel threads). */
    /** The particle mask, row-major, one flag per position of the scan. */
    boolean[] mask() {
        var meta = scan.metadata();
        boolean[] mask = new boolean[meta.positionCount()];
        for (int i = 0; i < mask.length; i++) mask[i] = scan.inMask(i / meta.scanCols(), i % meta.scanCols());
        return mask;
    }

    List<PointCloud> cloudsInOrder() {
        List<PointCloud> sorted = new ArrayList<>(clouds);
        sorted.sort((a, b) -> a.row() != b.row() ? Integer.compare(a.row(), b.row()) : Integer.compare(a.col(), b.col()));
        return sorted;
    }
}
