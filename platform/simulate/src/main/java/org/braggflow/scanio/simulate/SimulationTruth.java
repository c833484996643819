package org.braggflow.scanio.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.braggflow.api.scan.Geometry;

/**
 * What was planted in a simulated scan, written beside it (never inside) as JSON:
 * <pre>
 * geometry        energy_kev, delta_deg, gamma_deg, detector_distance_m, pixel_size_um, step_size_nm
 * angles_deg      the rocking angles
 * scan_shape      [rows, cols]; det_shape [rows, cols]
 * domains         [{label, kind, strain, tilt_x, tilt_y, width_scale, split_half, split_weight,
 *                   split_separation, split_angle_deg, share}]: kind is reference | strained | tilted |
 *                 split | broadened; strain and tilts are those of the peak's centre of mass before the
 *                 gradient; a split peak's two sub-peaks sit split_separation apart (relative to |h|) in
 *                 the crystal x-y plane, split_angle_deg from x towards y, the first (on the + side) with
 *                 weight split_weight; share is the domain's part of the particle's positions
 * drift_positions per angle [d_row, d_col]: at that angle the beam at grid (r, c) hits sample point
 *                 (r + d_row, c + d_col); alignment must undo it
 * hot_pixels      [[det_row, det_col], ...] that read high in every frame
 * labels          [rows][cols] domain label at each sample position, -1 outside the particle; the
 *                 gradient never changes a label
 * mask            [rows][cols] 1 inside the particle
 * strain, tilt_x, tilt_y  [rows][cols] the planted values (centre of mass of the peak), 0 outside;
 *                 strain includes the gradient
 * preset          default | hard
 * peak_sigma      {x, y, z}: the reference peak's Gaussian widths along the crystal axes, relative to |h|
 * gradient_amplitude  peak-to-peak of the smooth strain gradient over the particle's positions
 * gradient_strain [rows][cols] the gradient's part of the strain, 0 outside
 * </pre>
 * Maps are indexed by sample position, i.e. after drift correction.
 */
public record SimulationTruth(Geometry geometry, double[] anglesDeg, int rows, int cols, int detRows, int detCols,
                              List<PlantedDomain> domains, double[][] driftPositions, int[][] hotPixels,
                              int[][] labels, double[][] strain, double[][] tiltX, double[][] tiltY,
                              SimulationPreset preset, PeakWidths peakWidths, double gradientAmplitude,
                              double[][] gradientStrain) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A default-preset truth without gradient or width details (as written before presets existed). */
    public SimulationTruth(Geometry geometry, double[] anglesDeg, int rows, int cols, int detRows, int detCols,
                           List<PlantedDomain> domains, double[][] driftPositions, int[][] hotPixels,
                           int[][] labels, double[][] strain, double[][] tiltX, double[][] tiltY) {
        this(geometry, anglesDeg, rows, cols, detRows, detCols, domains, driftPositions, hotPixels, labels, strain, tiltX, tiltY,
                SimulationPreset.DEFAULT, new PeakWidths(Double.NaN, Double.NaN, Double.NaN), Double.NaN, new double[rows][cols]);
    }

    public boolean inMask(int row, int col) {
        return labels[row][col] >= 0;
    }

    /** The planted domain of this kind (every preset plants exactly one of each). */
    public PlantedDomain domain(DomainKind kind) {
        for (PlantedDomain d : domains) if (d.kind() == kind) return d;
        throw new IllegalArgumentException("no " + kind + " domain planted");
    }

    /** Positions inside the particle. */
    public int particlePositions() {
        int n = 0;
        for (int[] row : labels) for (int l : row) if (l >= 0) n++;
        return n;
    }

    /** Share of the particle's positions in the domain with this label. */
    public double share(int label) {
        int n = 0;
        for (int[] row : labels) for (int l : row) if (l == label) n++;
        return n / (double) Math.max(1, particlePositions());
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
            dm.put("kind", d.kind().name().toLowerCase(Locale.ROOT));
            dm.put("strain", d.strain());
            dm.put("tilt_x", d.tiltX());
            dm.put("tilt_y", d.tiltY());
            dm.put("width_scale", d.widthScale());
            dm.put("split_half", d.splitHalf());
            dm.put("split_weight", d.splitWeight());
            dm.put("split_separation", d.splitSeparation());
            dm.put("split_angle_deg", d.splitAngleDeg());
            dm.put("share", share(d.label()));
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
        m.put("preset", preset.cliName());
        Map<String, Object> sigma = new LinkedHashMap<>();
        sigma.put("x", finiteOrNull(peakWidths.sigmaX()));
        sigma.put("y", finiteOrNull(peakWidths.sigmaY()));
        sigma.put("z", finiteOrNull(peakWidths.sigmaZ()));
        m.put("peak_sigma", sigma);
        m.put("gradient_amplitude", finiteOrNull(gradientAmplitude));
        m.put("gradient_strain", gradientStrain);
        Files.writeString(file, JSON.writeValueAsString(m));
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Reads a truth file written by {@link #write}; fields a file lacks (older files) read as defaults. */
    public static SimulationTruth read(Path file) throws IOException {
        JsonNode t = JSON.readTree(file.toFile());
        JsonNode g = t.get("geometry");
        Geometry geometry = Geometry.of(g.get("energy_kev").asDouble(), g.get("delta_deg").asDouble(), g.get("gamma_deg").asDouble(),
                g.get("detector_distance_m").asDouble(), g.get("pixel_size_um").asDouble(), g.get("step_size_nm").asDouble());
        int rows = t.get("scan_shape").get(0).asInt(), cols = t.get("scan_shape").get(1).asInt();
        List<PlantedDomain> domains = new ArrayList<>();
        for (JsonNode d : t.get("domains")) {
            domains.add(new PlantedDomain(d.get("label").asInt(), DomainKind.valueOf(d.get("kind").asText().toUpperCase(Locale.ROOT)),
                    d.get("strain").asDouble(), d.get("tilt_x").asDouble(), d.get("tilt_y").asDouble(), d.get("width_scale").asDouble(),
                    d.get("split_half").asDouble(), d.path("split_weight").asDouble(0.5),
                    d.path("split_angle_deg").asDouble(90)));
        }
        JsonNode sigma = t.path("peak_sigma");
        return new SimulationTruth(geometry, doubles(t.get("angles_deg")), rows, cols,
                t.get("det_shape").get(0).asInt(), t.get("det_shape").get(1).asInt(), List.copyOf(domains),
                matrix(t.get("drift_positions")), ints(t.get("hot_pixels")), ints(t.get("labels")),
                matrix(t.get("strain")), matrix(t.get("tilt_x")), matrix(t.get("tilt_y")),
                t.has("preset") ? SimulationPreset.parse(t.get("preset").asText()) : SimulationPreset.DEFAULT,
                new PeakWidths(number(sigma.path("x")), number(sigma.path("y")), number(sigma.path("z"))),
                number(t.path("gradient_amplitude")),
                t.has("gradient_strain") ? matrix(t.get("gradient_strain")) : new double[rows][cols]);
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).asDouble();
        return v;
    }

    private static double[][] matrix(JsonNode a) {
        double[][] v = new double[a.size()][];
        for (int i = 0; i < v.length; i++) v[i] = doubles(a.get(i));
        return v;
    }

    private static int[][] ints(JsonNode a) {
        int[][] v = new int[a.size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = new int[a.get(i).size()];
            for (int j = 0; j < v[i].length; j++) v[i][j] = a.get(i).get(j).asInt();
        }
        return v;
    }
}
