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
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.launcher.models.ModelRecord;

/**
 * What one run of a workflow on one scan gathers as its exchange travels the route; the position
 * sub-exchanges share it (they add clouds and progress from several threads).
 */
final class RunState {

    final Path scanPath;
    final Path outputFolder;
    final boolean writeClouds;
    final ProgressListener progress;
    final List<PointCloud> clouds = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong positionsDone = new AtomicLong();
    final AtomicLong positionsInMask = new AtomicLong();
    volatile String readerName;
    volatile ScanSource scan;
    volatile MapAccumulator mapAccumulator;
    volatile ScanMaps maps;
    volatile EncoderModel model;
    /** The registry's record of {@link #model}: loaded from the registry, or registered after training on this scan. */
    volatile ModelRecord modelRecord;
    /** Whether {@link #model} was trained on this scan rather than loaded. */
    volatile boolean modelTrained;
    volatile FeatureTable features;
    volatile ClusterResult clusters;

    RunState(Path scanPath, Path outputFolder, boolean writeClouds, ProgressListener progress) {
        this.scanPath = scanPath;
        this.outputFolder = outputFolder;
        this.writeClouds = writeClouds;
        this.progress = progress;
    }

    /** Clouds in row-major position order (they arrive in any order from parallel threads). */
    List<PointCloud> cloudsInOrder() {
        List<PointCloud> sorted = new ArrayList<>(clouds);
        sorted.sort((a, b) -> a.row() != b.row() ? Integer.compare(a.row(), b.row()) : Integer.compare(a.col(), b.col()));
        return sorted;
    }
}
