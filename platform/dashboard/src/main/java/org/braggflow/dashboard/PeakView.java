package org.braggflow.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ScanReader;
import org.braggflow.launcher.stage.DeployedStage;
import org.braggflow.launcher.stage.StageRegistry;

/**
 * One position's diffraction peak, read again from the run's scan when the user clicks it: the
 * volume's three projections (detector image summed over angles; angle against detector column;
 * angle against detector row) and its rocking curve. The scan is opened with the reader and reader
 * parameters the run recorded, so the peak is the one the run analysed (same alignment and hot-pixel
 * mask). One scan stays open between clicks; only the clicked position is read.
 */
public final class PeakView implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StageRegistry registry;
    private Path openPath;
    private ScanSource open;

    public PeakView(StageRegistry registry) {
        this.registry = registry;
    }

    /** The scan a run read, or where the inbox moved it after the run ({@code .done/} beside it). */
    static Optional<Path> scanOf(JsonNode record) {
        String recorded = record.path("scan_path").asText("");
        if (recorded.isEmpty()) return Optional.empty();
        Path p = Path.of(recorded);
        if (Files.exists(p)) return Optional.of(p);
        Path done = p.resolveSibling(".done").resolve(p.getFileName());
        return Files.exists(done) ? Optional.of(done) : Optional.empty();
    }

    public synchronized ObjectNode peak(RunIndex.Run run, int row, int col) throws Exception {
        Path scan = scanOf(run.record()).orElseThrow(() -> new IOException(
                "the scan of run " + run.workflow() + "/" + run.scan() + " (" + run.record().path("scan_path").asText() + ") is no longer there"));
        ScanSource source = open(scan, run.record());
        if (row < 0 || col < 0 || row >= source.metadata().scanRows() || col >= source.metadata().scanCols()) {
            throw new IllegalArgumentException("position (" + row + ", " + col + ") is outside the "
                    + source.metadata().scanRows() + " x " + source.metadata().scanCols() + " scan");
        }
        PositionVolume v = source.volume(row, col);
        int na = v.nAngles(), nr = v.detRows(), nc = v.detCols();
        double[] rocking = new double[na];
        double[][] detector = new double[nr][nc];
        double[][] angleCol = new double[na][nc];
        double[][] angleRow = new double[na][nr];
        for (int a = 0; a < na; a++) {
            for (int r = 0; r < nr; r++) {
                for (int c = 0; c < nc; c++) {
                    double x = v.at(a, r, c);
                    rocking[a] += x;
                    detector[r][c] += x;
                    angleCol[a][c] += x;
                    angleRow[a][r] += x;
                }
            }
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("row", row);
        out.put("col", col);
        out.put("in_mask", source.inMask(row, col));
        ArrayNode angles = out.putArray("angles_deg");
        for (double a : source.metadata().anglesDeg()) angles.add(a);
        ArrayNode rc = out.putArray("rocking");
        for (double x : rocking) rc.add(x);
        out.set("detector", matrix(detector));
        out.set("angle_det_col", matrix(angleCol));
        out.set("angle_det_row", matrix(angleRow));
        return out;
    }

    private static ArrayNode matrix(double[][] m) {
        ArrayNode rows = JSON.createArrayNode();
        for (double[] r : m) {
            ArrayNode a = rows.addArray();
            for (double x : r) a.add((float) x);
        }
        return rows;
    }

    private ScanSource open(Path scan, JsonNode record) throws Exception {
        if (scan.equals(openPath)) return open;
        close();
        String readerName = record.path("reader").asText("");
        DeployedStage reader = readerName.isEmpty() ? registry.readerFor(scan)
                : registry.find("reader", readerName).orElseGet(() -> {
                    try {
                        return registry.readerFor(scan);
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                });
        Map<String, Object> values = new LinkedHashMap<>();
        for (JsonNode stage : record.path("stages")) {
            if (stage.path("stage.type").asText().equals("reader")) {
                stage.path("parameters").fields().forEachRemaining(f -> values.put(f.getKey(), JSON.convertValue(f.getValue(), Object.class)));
                break;
            }
        }
        Parameters parameters = Parameters.of(reader.descriptor(), values);
        open = ((ScanReader) reader.service()).open(scan, parameters);
        openPath = scan;
        return open;
    }

    @Override
    public synchronized void close() {
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // a read-only scan: nothing is lost
            }
        }
        open = null;
        openPath = null;
    }
}
