package org.braggflow.api.scan;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A scan read while it is being acquired, one rocking angle at a time (live mapping, docs/formats.md,
 * section 7). The planned angles are known from the start; the engine waits until an angle's files are
 * complete and then asks for that angle's frames, in angle order. State kept between angles is small
 * (a reference map for drift, the running totals for the mask), never earlier frames.
 */
@ConsumerType
public interface LiveScan extends AutoCloseable {

    /** Receives one position's frame of the angle being read ({@code detRows x detCols}, row-major; owned by the caller). */
    @FunctionalInterface
    interface FrameVisitor {
        void frame(int row, int col, float[] frame);
    }

    /** The files angle {@code angle} is read from; the engine reads the angle only once every one of them is complete. */
    List<Path> angleFiles(int angle);

    /** How many angles the scan plans (scan.json's angle list). */
    int plannedAngles();

    /**
     * The planned scan: every planned angle, the scan and detector shape. The detector shape may come
     * from the first angle's file, so this is asked only once angle 0 is complete.
     */
    ScanMetadata metadata() throws IOException;

    /**
     * Reads one angle's frames, normalised and drift-aligned against the angles read before (the
     * same corrections an offline read makes), and hands each position's frame to the visitor. Angles
     * are read in order, each once.
     */
    void readAngle(int angle, FrameVisitor visitor) throws IOException;

    /** Whether a position belongs to the sample, judged from the angles read so far. */
    boolean inMask(int row, int col);

    /** What the reader found so far (drift per angle read, mask threshold, hot pixels), for provenance. */
    Map<String, Object> details();

    @Override
    void close() throws IOException;
}
