package org.braggflow.encode.foldingnet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The decoder's fixed source points (docs/method.md, section 5), m = 2025 of them for the built-in shapes.
 * They belong to a trained model and are saved with it; the shapes here only seed new models.
 */
final class SourcePoints {

    /** Points of the built-in shapes: 45 x 45. */
    static final int COUNT = 2025;
    private static final int GRID = 45;
    private static final double GRID_HALF_WIDTH = 0.3;
    /** Spread of the built-in Gaussian sample, about that of the reference code's shipped sample. */
    private static final double GAUSSIAN_SIGMA = 0.07;

    private SourcePoints() {
    }

    /** The 45 x 45 grid on [-0.3, 0.3]^2, first coordinate outer, as the reference code orders it. */
    static double[] plane() {
        double[] p = new double[2 * COUNT];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                int at = 2 * (i * GRID + j);
                p[at] = -GRID_HALF_WIDTH + 2 * GRID_HALF_WIDTH * i / (GRID - 1);
                p[at + 1] = -GRID_HALF_WIDTH + 2 * GRID_HALF_WIDTH * j / (GRID - 1);
            }
        }
        return p;
    }

    /** Points spread evenly on the unit sphere (golden-angle spiral). */
    static double[] sphere() {
        double[] p = new double[3 * COUNT];
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < COUNT; i++) {
            double z = 1 - 2 * (i + 0.5) / COUNT, r = Math.sqrt(1 - z * z), phi = golden * i;
            p[3 * i] = r * Math.cos(phi);
            p[3 * i + 1] = r * Math.sin(phi);
            p[3 * i + 2] = z;
        }
        return p;
    }

    /** A centred isotropic 3-D Gaussian sample, fixed by the seed. */
    static double[] gaussian(long seed) {
        Random r = new Random(seed);
        double[] p = new double[3 * COUNT];
        double[] mean = new double[3];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextGaussian() * GAUSSIAN_SIGMA;
            mean[i % 3] += p[i] / COUNT;
        }
        for (int i = 0; i < p.length; i++) p[i] -= mean[i % 3];
        return p;
    }

    /**
     * Points from a CSV file: an optional header line, then 2 or 3 numbers per line (all lines alike).
     * Returns the coordinates; their count per point is {@link #dimension(Path)}.
     */
    static double[] read(Path file) throws IOException {
        List<double[]> rows = rows(file);
        double[] p = new double[rows.size() * rows.get(0).length];
        for (int i = 0; i < rows.size(); i++) System.arraycopy(rows.get(i), 0, p, i * rows.get(i).length, rows.get(i).length);
        return p;
    }

    static int dimension(Path file) throws IOException {
        return rows(file).get(0).length;
    }

    private static List<double[]> rows(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String s = line.strip();
            if (s.isEmpty()) continue;
            String[] parts = s.split("\\s*,\\s*|\\s+");
            double[] v = new double[parts.length];
            try {
                for (int i = 0; i < parts.length; i++) v[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                if (rows.isEmpty() && lineNo == 1) continue;   // header
                throw new IOException(file + ":" + lineNo + ": not a number in '" + s + "'");
            }
            if (v.length != 2 && v.length != 3) throw new IOException(file + ":" + lineNo + ": expected 2 or 3 values, found " + v.length);
            if (!rows.isEmpty() && v.length != rows.get(0).length) {
                throw new IOException(file + ":" + lineNo + ": " + v.length + " values where earlier lines have " + rows.get(0).length);
            }
            rows.add(v);
        }
        if (rows.isEmpty()) throw new IOException(file + " holds no points");
        return rows;
    }
}
