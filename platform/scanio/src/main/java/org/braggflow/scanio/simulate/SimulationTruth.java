package org.braggflow.scanio.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.scan.Geometry;

/**
 * What was planted in a simulated scan, written beside it (never inside) as JSON:
 * <pre>
 * geometry        energy_kev, delta_deg, gamma_deg, detector_distance_m, pixel_size_um, step_size_nm
 * angles_deg      the rocking angles
 * scan_shape      [rows, cols]; det_shape [rows, cols]
 * domains         [{label, kind, strain, tilt_x, tilt_y, width_scale, split_half}]
 * drift_positions per angle [d_row, d_col]: at that angle the beam at grid (r, c) hits sample point
 *                 (r + d_row, c + d_col); alignment must undo it
 * hot_pixels      [[det_row, det_col], ...] that read high in every frame
 * labels          [rows][cols] domain label at each sample position, -1 outside the particle
 * mask            [rows][cols] 1 inside the particle
 * strain, tilt_x, tilt_y  [rows][cols] the planted values (centre of mass of the peak), 0 outside
 * </pre>
 * Maps are indexed by sample position, i.e. after drift correction.
 */
public record SimulationTruth(Geometry geometry, double[] anglesDeg, int rows, int cols, int detRows, int detCols,
                              List<PlantedDomain> domains, double[][] driftPositions, int[][] hotPixels,
                              int[][] labels, double[][] strain, double[][] tiltX, double[][] tiltY) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public boolean inMask(int row, int col) {
        return labels[row][col] >= 0;
    }

    public void write(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("energy_kev", geometry.energyKev());
        g.put("delta_deg", geometry.deltaDeg());
        g.put("gamma_deg", geometry.gammaDeg());
        g.put("detector_distance_m", geometry.detectorDistanceM());
        g.put("pixel_size_um", geometry.pixelSizeUm());
        g.put("step_size_nm", geometry.stepSizeNm());
        m.put("geometry", g);
        m.put("angles_deg", anglesDeg);
        m.put("scan_shape", new int[] {rows, cols});
        m.put("det_shape", new int[] {detRows, detCols});
        m.put("domains", domains.stream().map(d -> {
            Map<String, Object> dm = new LinkedHashMap<>();
            dm.put("label", d.label());
            dm.put("kind", d.kind().name().toLowerCase());
            dm.put("strain", d.strain());
            dm.put("tilt_x", d.tiltX());
            dm.put("tilt_y", d.tiltY());
            dm.put("width_scale", d.widthScale());
            dm.put("split_half", d.splitHalf());
            return dm;
        }).toList());
        m.put("drift_positions", driftPositions);
        m.put("hot_pixels", hotPixels);
        m.put("labels", labels);
        int[][] mask = new int[rows][cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) mask[r][c] = labels[r][c] >= 0 ? 1 : 0;
        m.put("mask", mask);
        m.put("strain", strain);
        m.put("tilt_x", tiltX);
        m.put("tilt_y", tiltY);
        Files.writeString(file, JSON.writeValueAsString(m));
    }
}
