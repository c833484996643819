package org.braggflow.launcher.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.CloudBuilder;
import org.braggflow.api.stage.MapAccumulator;
import org.braggflow.api.stage.MapCalculator;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.api.stage.StageService;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.stage.DeployedStage;
import org.braggflow.read.support.AlignedScan;
import org.braggflow.read.support.FrameSource;
import org.braggflow.read.support.ReaderParameters;

/**
 * A scan too large for any disk here, streamed: a frame source that makes each 256 x 256 frame when
 * it is read (a peak whose position and width change across the sample, background and noise), read
 * through the readers' library with its defaults (hot pixels, drift registration on the summed
 * intensity, particle mask), every position's volume through the deployed cloud builder and the
 * maps stage, on all cores (the readers' library reads on one thread: its frame reads are serialised).
 * Prints GB/s of float32 frames and the process's peak resident memory (VmHWM), which must stay flat
 * however large the scan: positions are read a few at a time.
 */
final class VirtualScanBench {

    private static final int ANGLES = 21, DET = 256;

    private final Platform platform;
    private final double gigabytes;

    VirtualScanBench(Platform platform, double gigabytes) {
        this.platform = platform;
        this.gigabytes = gigabytes;
    }

    /** Frames made on demand; deterministic per (angle, position), so a second read gives the same frame. */
    static final class VirtualFrames implements FrameSource {
        private final ScanMetadata meta;

        VirtualFrames(int rows, int cols) {
            double[] angles = new double[ANGLES];
            for (int a = 0; a < ANGLES; a++) angles[a] = -38.7 + 0.05 * (a - ANGLES / 2);
            meta = new ScanMetadata("virtual", "virtual", rows, cols, DET, DET, angles, Geometry.of(12, 18.1, 28.5, 0.5, 55, 50),
                    List.of());
        }

        @Override
        public ScanMetadata metadata() {
            return meta;
        }

        @Override
        public void readFrames(int angle, int row, int firstCol, int count, float[][] out) {
            int rows = meta.scanRows(), cols = meta.scanCols();
            float[] gy = new float[DET], gx = new float[DET];
            for (int k = 0; k < count; k++) {
                int col = firstCol + k;
                // a particle in the middle two thirds; a strain stripe every fifth of the scan shifts the peak
                double u = (row + 0.5) / rows - 0.5, v = (col + 0.5) / cols - 0.5;
                boolean particle = u * u + v * v < 0.11;
                double shift = particle ? 6 * Math.floor(5 * (v + 0.5)) - 12 : 0;
                double sigma = 4 + 2 * Math.abs(u);
                double rocking = Math.exp(-0.5 * Math.pow((angle - ANGLES / 2.0 - shift / 6) / 3.0, 2));
                double amplitude = particle ? 400 * rocking : 0;
                for (int i = 0; i < DET; i++) {
                    gy[i] = (float) Math.exp(-0.5 * Math.pow((i - DET / 2.0 - shift) / sigma, 2));
                    gx[i] = (float) (amplitude * Math.exp(-0.5 * Math.pow((i - DET / 2.0 + shift / 2) / sigma, 2)));
                }
                float[] frame = out[k];
                long state = 0x9E3779B97F4A7C15L * (1 + angle + 31L * (row * (long) cols + col));
                for (int i = 0; i < DET; i++) {
                    float y = gy[i];
                    int o = i * DET;
                    for (int j = 0; j < DET; j++) {
                        // xorshift noise of about one count: cheap enough that the frames cost less than reading them
                        state ^= state << 13;
                        state ^= state >>> 7;
                        state ^= state << 17;
                        frame[o + j] = y * gx[j] + 1f + (state & 3);
                    }
                }
            }
        }

        @Override
        public float[] monitor(int angle) {
            return null;
        }

        @Override
        public float[] xrf(int angle) {
            return null;
        }

        @Override
        public void close() {
        }
    }

    void run() throws Exception {
        long bytesPerPosition = (long) ANGLES * DET * DET * Float.BYTES;
        int side = (int) Math.ceil(Math.sqrt(gigabytes * 1e9 / bytesPerPosition));
        DeployedStage cloudStage = platform.stages().find("cloud", "threshold").orElse(null);
        DeployedStage mapsStage = platform.stages().find("maps", "conventional").orElse(null);
        if (cloudStage == null || mapsStage == null) {
            System.out.println("\nvirtual scan: cloud/threshold or maps/conventional not deployed");
            return;
        }
        StageService readerDeclaration = new StageService() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> parameterType() {
                return ReaderParameters.class;
            }

            @Override
            public String description() {
                return "the readers' library on virtual frames";
            }
        };
        ReaderParameters readerDefaults = Parameters.of(StageDescriptor.of("reader", "virtual", readerDeclaration), Map.of())
                .as(ReaderParameters.class);
        VirtualFrames frames = new VirtualFrames(side, side);
        ScanMetadata meta = frames.metadata();
        double total = (double) bytesPerPosition * meta.positionCount() / 1e9;
        System.out.printf("%nvirtual scan: %d x %d positions, %d angles, %d x %d frames = %.1f GB of float32 frames, never on disk; "
                + "max heap %d MB%n", side, side, ANGLES, DET, DET, total, Runtime.getRuntime().maxMemory() >> 20);
        CloudBuilder clouds = (CloudBuilder) cloudStage.service();
        Parameters cloudParams = Parameters.of(cloudStage.descriptor(), Map.of());
        MapAccumulator maps = ((MapCalculator) mapsStage.service()).start(meta, Parameters.of(mapsStage.descriptor(), Map.of()));
        int workers = Math.max(1, Runtime.getRuntime().availableProcessors());
        BlockingQueue<PositionVolume> queue = new ArrayBlockingQueue<>(2 * workers);
        PositionVolume end = new PositionVolume(-1, -1, 1, 1, 1, new float[1]);
        AtomicLong points = new AtomicLong(), inMask = new AtomicLong();
        long t0 = System.nanoTime();
        long peakBefore = peakResidentKb();
        try (AlignedScan scan = AlignedScan.open(frames, readerDefaults)) {
            double opened = (System.nanoTime() - t0) / 1e9;
            Thread[] pool = new Thread[workers];
            Throwable[] failure = new Throwable[1];
            for (int w = 0; w < workers; w++) {
                pool[w] = new Thread(() -> {
                    try {
                        for (PositionVolume v = queue.take(); v != end; v = queue.take()) {
                            boolean mask = scan.inMask(v.row(), v.col());
                            maps.add(v, mask);
                            if (mask) {
                                inMask.incrementAndGet();
                                points.addAndGet(clouds.build(v, meta, cloudParams).size());
                            }
                        }
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                }, "virtual-scan-" + w);
                pool[w].start();
            }
            long[] done = {0};
            long start = System.nanoTime();
            // a few positions at a time: what is held does not grow with the scan's width (a whole row of 256 x 256 x 21
            // volumes is 5.5 MB per column)
            int segment = 4 * workers;
            for (int first = 0; first < meta.positionCount(); first += segment) scan.forEachPosition(first, Math.min(segment, meta.positionCount() - first), v -> {
                try {
                    queue.put(v);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                if (++done[0] % Math.max(1, meta.positionCount() / 10) == 0) {
                    double s = (System.nanoTime() - start) / 1e9;
                    System.out.printf("  %5.1f%%: %.2f GB/s, peak resident %d MB%n", 100.0 * done[0] / meta.positionCount(),
                            done[0] * bytesPerPosition / 1e9 / s, peakResidentKb() >> 10);
                }
            });
            for (int w = 0; w < workers; w++) queue.put(end);
            for (Thread t : pool) t.join();
            if (failure[0] != null) throw new IOException("virtual scan failed: " + failure[0], failure[0]);
            maps.finish();
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  opened (hot pixels, drift registration: one pass over every frame) in %.1f s; streamed in %.1f s%n",
                    opened, seconds - opened);
            System.out.printf("  %.1f GB in %.1f s: %.2f GB/s of frames streamed (%.2f GB/s counting the registration pass), "
                            + "%.0f positions/s; %d positions in the mask, %.0f cloud points each%n",
                    total, seconds, total / (seconds - opened), 2 * total / seconds, meta.positionCount() / seconds, inMask.get(),
                    points.get() / (double) Math.max(1, inMask.get()));
            System.out.printf("  peak resident memory %d MB (%d MB before the scan), heap limit %d MB%n", peakResidentKb() >> 10,
                    peakBefore >> 10, Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    /** The process's peak resident set (VmHWM), in kB; 0 where /proc is not there. */
    static long peakResidentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
