package org.braggflow.launcher.clouds;

import org.braggflow.api.files.AtomicFiles;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.braggflow.api.cloud.PlyFiles;
import org.braggflow.api.cloud.PointCloud;

/**
 * Single point clouds on disk, for the {@code cloud} and {@code denoise} commands: ASCII PLY (as
 * written by Braggflow, CloudCompare or Open3D with ascii=True) and CSV with a header of three
 * coordinate columns (x,y,z or det_row,det_col,angle_x10) and an optional intensity column.
 */
public final class CloudFiles {

    private CloudFiles() {
    }

    /** Whether the file name says a format {@link #read} and {@link #write} know (.ply or .csv). */
    public static boolean hasCloudFormat(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".ply") || name.endsWith(".csv");
    }

    public static PointCloud read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ply")) return PlyFiles.read(file);
        if (name.endsWith(".csv")) return readCsv(file);
        throw new IOException(file + ": unknown cloud format (use .ply or .csv)");
    }

    /** Writes a cloud as .ply or .csv by the file's extension, whole or not at all. */
    public static void write(PointCloud cloud, Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".ply")) PlyFiles.write(cloud, file);
        else if (name.endsWith(".csv")) writeCsv(cloud, file);
        else throw new IOException(file + ": unknown cloud format (use .ply or .csv)");
    }

    static PointCloud readCsv(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(in)) {
            List<String> header = p.getHeaderNames();
            if (header.size() < 3) throw new IOException(file + ": needs a header with three coordinate columns, has " + header);
            boolean intensity = header.size() > 3 && header.get(3).equalsIgnoreCase("intensity");
            List<float[]> rows = new ArrayList<>();
            for (CSVRecord r : p) {
                try {
                    rows.add(new float[] {Float.parseFloat(r.get(0)), Float.parseFloat(r.get(1)), Float.parseFloat(r.get(2)),
                        intensity ? Float.parseFloat(r.get(3)) : 0});
                } catch (RuntimeException e) {
                    throw new IOException(file + ": line " + (r.getRecordNumber() + 1) + " is not numbers: " + r);
                }
            }
            return cloud(rows, intensity);
        }
    }

    private static PointCloud cloud(List<float[]> rows, boolean intensity) {
        float[] xyz = new float[3 * rows.size()];
        float[] in = intensity ? new float[rows.size()] : null;
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, xyz, 3 * i, 3);
            if (in != null) in[i] = rows.get(i)[3];
        }
        return new PointCloud(0, 0, xyz, in);
    }

    static void writeCsv(PointCloud cloud, Path file) throws IOException {
        String[] header = cloud.hasIntensity() ? new String[] {"x", "y", "z", "intensity"} : new String[] {"x", "y", "z"};
        AtomicFiles.write(file, stream -> {
            BufferedWriter out = new BufferedWriter(new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8));
            CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setRecordSeparator("\n").setHeader(header).get());
            for (int i = 0; i < cloud.size(); i++) {
                if (cloud.hasIntensity()) csv.printRecord(cloud.x(i), cloud.y(i), cloud.z(i), cloud.intensity()[i]);
                else csv.printRecord(cloud.x(i), cloud.y(i), cloud.z(i));
            }
            csv.flush();
        });
    }
}
