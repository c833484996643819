package org.braggflow.launcher.clouds;

import org.braggflow.api.files.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.braggflow.api.cloud.PointCloud;

/**
 * Point clouds as ASCII PLY (vertex x, y, z as float, plus intensity when the cloud has it), the
 * form CloudCompare, Open3D and MeshLab open. Written by hand: the header is five lines.
 */
public final class PlyFiles {

    private PlyFiles() {
    }

    /** Writes the file whole or not at all (a reader never sees half a cloud). */
    public static void write(PointCloud cloud, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            BufferedWriter w = new BufferedWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8));
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
}
