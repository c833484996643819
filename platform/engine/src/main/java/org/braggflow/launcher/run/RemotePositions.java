package org.braggflow.launcher.run;

import java.util.List;
import java.util.Map;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;

/**
 * Where a run's per-position stages (clouds, denoisers) run when they do not run in this process: the
 * coordinator of a cluster sends each chunk of positions out and gathers the clouds that come back
 * (docs/cluster.md). The engine cuts chunks and keeps results exactly once by chunk; the transport
 * (the cluster module's Artemis queues) is found through {@link Factory} with {@link java.util.ServiceLoader}.
 */
public interface RemotePositions extends AutoCloseable {

    /** Starts one run's remote work. */
    Run start(Plan plan) throws Exception;

    /** Where the work goes, for logs and run.json (a broker URL without credentials). */
    String describe();

    /** Makes the remote side for {@code serve --broker URL}; implementations are listed in META-INF/services. */
    interface Factory {
        /** {@code models}: the coordinator's model registry, which workers fetch registered models from by id and SHA-256. */
        RemotePositions connect(org.apache.camel.CamelContext camel, String brokerUrl, Map<String, String> settings,
                                java.nio.file.Path models) throws Exception;
    }

    /**
     * What a worker needs to run a chunk: the run, the workflow (id and the SHA-256 of its text: the
     * provenance of every cloud), the per-position steps with their parameter values and the bundle
     * versions this coordinator has deployed (a worker with other versions refuses the chunk), and the
     * scan's metadata (cloud builders read the geometry).
     */
    record Plan(String runId, String workflowId, String workflowSha256, List<Step> steps, ScanMetadata scan, String modelQueue) {
    }

    /**
     * One per-position step: its index in the workflow, stage, parameter values and the required bundle;
     * for an encoder with a registered model, the model's id and SHA-256 (of its file list), else null.
     */
    record Step(int index, String type, String use, Map<String, Object> parameters, String bundle, String bundleVersion,
                String model, String modelSha256) {
    }

    /** One position's outcome on a worker: its cloud, or null when the stages gave none, and its codeword when the worker encoded. */
    record PositionResult(int row, int col, PointCloud cloud, float[] codeword) {
        public PositionResult(int row, int col, PointCloud cloud) {
            this(row, col, cloud, null);
        }
    }

    /**
     * A chunk done by a worker: every position sent, what the stages recorded as provenance (as run.json
     * writes it), and per stage key "type/name@version" the seconds and calls spent.
     */
    record ChunkResult(int chunk, String worker, List<PositionResult> positions, List<Map<String, Object>> stagesUsed,
                       Map<String, double[]> stageTimes) {
    }

    /** One run's remote work: chunks go out as they fill, results come back once each. */
    interface Run extends AutoCloseable {

        /** Sends a chunk's volumes (positions in the mask, not finished before); may wait while many chunks are out. */
        void submit(int chunk, List<PositionVolume> volumes) throws Exception;

        /**
         * Waits until every submitted chunk has its result, handing each to {@code sink} once, in the
         * order they arrive; throws when a chunk failed on every try (dead-lettered) naming it and its error.
         */
        void awaitAll(java.util.function.Consumer<ChunkResult> sink) throws Exception;

        /** What run.json records of the cluster's part: broker, workers and their chunks, refusals, duplicates. */
        Map<String, Object> summary();

        @Override
        void close();
    }
}
