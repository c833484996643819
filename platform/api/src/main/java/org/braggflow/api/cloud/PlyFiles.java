package org.braggflow.api.cloud;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.braggflow.api.files.AtomicFiles;

/**
 * Point clouds as ASCII PLY (vertex x, y, z as float, plus intensity when the cloud has it), the form
 * CloudCompare, Open3D and MeshLab open, and the form the clouds exporter, {@code braggflow cloud} and
 * retraining share. Written by hand: the header is six lines, and a PLY library would add a dependency
 * to every bundle for them. The scan position travels in the header's comment.
 */
public final class PlyFiles {

    private static final Pattern POSITION = Pattern.compile("position row (\\d+) col (\\d+)");

    private PlyFiles() {
    }

    /** Writes the cloud whole or not at all (a reader never sees half a cloud). */
    public static void write(PointCloud cloud, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            w.write("ply\nformat ascii 1.0\ncomment Braggflow cloud of position row " + cloud.row() + " col " + cloud.col()
                    + "; x = detector row, y = detector column, z = angle index x angle scale\n");
            w.write("element vertex " + cloud.size() + "\nproperty float x\nproperty float y\nproperty float z\n");
            if (cloud.hasIntensity()) w.write("property float intensity\n");
            w.write("end_header\n");
            for (int i = 0; i < cloud.size(); i++) {
                w.write(cloud.x(i) + " " + cloud.y(i) + " " + cloud.z(i));
                if (cloud.hasIntensity()) w.write(" " + cloud.intensity()[i]);
                w.write('\n');
            }
            w.flush();
        });
    }

    /**
     * Reads an ASCII PLY file's vertices (x, y, z and, when present, intensity; other properties are
     * skipped). The position is taken from a Braggflow comment, else row and column are 0.
     */
    public static PointCloud read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file)) {
            if (!"ply".equals(in.readLine())) throw new IOException(file + ": not a PLY file");
            int vertices = -1, row = 0, col = 0;
            List<String> properties = new ArrayList<>();
            boolean inVertex = false;
            for (String line = in.readLine(); ; line = in.readLine()) {
                if (line == null) throw new IOException(file + ": PLY header has no end_header");
                String[] t = line.trim().split("\\s+");
                if (t[0].equals("format") && !t[1].equals("ascii")) throw new IOException(file + ": only ASCII PLY is read, this is " + t[1]);
                if (t[0].equals("comment")) {
                    Matcher m = POSITION.matcher(line);
                    if (m.find()) {
                        row = Integer.parseInt(m.group(1));
                        col = Integer.parseInt(m.group(2));
                    }
                }
                if (t[0].equals("element")) {
                    inVertex = t[1].equals("vertex");
                    if (inVertex) vertices = Integer.parseInt(t[2]);
                }
                if (t[0].equals("property") && inVertex) properties.add(t[t.length - 1]);
                if (t[0].equals("end_header")) break;
            }
            int ix = properties.indexOf("x"), iy = properties.indexOf("y"), iz = properties.indexOf("z"), ii = properties.indexOf("intensity");
            if (vertices < 0 || ix < 0 || iy < 0 || iz < 0) throw new IOException(file + ": PLY has no vertex x, y, z");
            float[] xyz = new float[3 * vertices];
            float[] intensity = ii >= 0 ? new float[vertices] : null;
            for (int v = 0; v < vertices; v++) {
                String line = in.readLine();
                if (line == null) throw new IOException(file + ": PLY ends after " + v + " of " + vertices + " vertices");
                String[] t = line.trim().split("\\s+");
                try {
                    xyz[3 * v] = Float.parseFloat(t[ix]);
                    xyz[3 * v + 1] = Float.parseFloat(t[iy]);
                    xyz[3 * v + 2] = Float.parseFloat(t[iz]);
                    if (intensity != null) intensity[v] = Float.parseFloat(t[ii]);
                } catch (RuntimeException e) {
                    throw new IOException(file + ": vertex " + v + " is not numbers: " + line);
                }
            }
            return new PointCloud(row, col, xyz, intensity);
        }
    }
}
