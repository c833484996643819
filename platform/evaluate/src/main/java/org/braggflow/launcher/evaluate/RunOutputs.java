package org.braggflow.launcher.evaluate;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Reads a run's clusters.csv and maps.csv (docs/formats.md, section 4) onto the scan grid, row-major. */
public final class RunOutputs {

    private RunOutputs() {
    }

    /** Cluster per position; -1 where the run did not cluster the position (or no clusters.csv). */
    public static int[] clusters(Path folder, int rows, int cols) throws IOException {
        int[] found = new int[rows * cols];
        Arrays.fill(found, -1);
        Path csv = folder.resolve("clusters.csv");
        if (!Files.exists(csv)) return found;
        try (Reader in = Files.newBufferedReader(csv); CSVParser p = header().parse(in)) {
            for (CSVRecord r : p) found[index(r, cols)] = Integer.parseInt(r.get("cluster"));
        }
        return found;
    }

    /** One column of maps.csv per position; NaN where empty (undefined) or when there is no maps.csv. */
    public static double[] map(Path folder, String column, int rows, int cols) throws IOException {
        double[] v = new double[rows * cols];
        Arrays.fill(v, Double.NaN);
        Path csv = folder.resolve("maps.csv");
        if (!Files.exists(csv)) return v;
        try (Reader in = Files.newBufferedReader(csv); CSVParser p = header().parse(in)) {
            for (CSVRecord r : p) {
                String s = r.get(column);
                if (!s.isEmpty()) v[index(r, cols)] = Double.parseDouble(s);
            }
        }
        return v;
    }

    /** RMS difference of two maps over the positions where both are defined and {@code use} is set, after removing the mean difference. */
    public static double rmsAfterOffset(double[] measured, double[] truth, boolean[] use) {
        double sum = 0, sumSq = 0;
        int n = 0;
        for (int i = 0; i < measured.length; i++) {
            if (!use[i] || !Double.isFinite(measured[i]) || !Double.isFinite(truth[i])) continue;
            double d = measured[i] - truth[i];
            sum += d;
            sumSq += d * d;
            n++;
        }
        return n == 0 ? Double.NaN : Math.sqrt(Math.max(0, sumSq / n - (sum / n) * (sum / n)));
    }

    private static int index(CSVRecord r, int cols) {
        return Integer.parseInt(r.get("row")) * cols + Integer.parseInt(r.get("col"));
    }

    private static CSVFormat header() {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
    }
}
