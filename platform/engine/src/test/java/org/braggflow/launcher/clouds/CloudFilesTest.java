package org.braggflow.launcher.clouds;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.braggflow.api.cloud.PointCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CloudFilesTest {

    @TempDir
    Path dir;

    private final PointCloud cloud = new PointCloud(3, 4, new float[] {1.5f, 2, 3, -4, 5.25f, 6e-3f}, new float[] {10, 20});

    @Test
    void plyAndCsvRoundTripCoordinatesAndIntensity() throws IOException {
        for (String name : new String[] {"c.ply", "c.csv"}) {
            Path f = dir.resolve(name);
            CloudFiles.write(cloud, f);
            PointCloud back = CloudFiles.read(f);
            assertArrayEquals(cloud.xyz(), back.xyz(), name);
            assertArrayEquals(cloud.intensity(), back.intensity(), name);
        }
        assertTrue(Files.readString(dir.resolve("c.ply")).contains("element vertex 2\nproperty float x"));
    }

    @Test
    void theReferenceCloudsCsvIsRead() throws IOException {
        Path f = dir.resolve("ref.csv");
        Files.writeString(f, "det_row,det_col,angle_x10\n107.816139,94.279846,111.812874\n109.091476,102.195068,110.830368\n");
        PointCloud c = CloudFiles.read(f);
        assertEquals(2, c.size());
        assertEquals(94.279846f, c.y(0));
    }

    @Test
    void truncatedPlyAndUnknownFormatsAreNamed() throws IOException {
        Path f = dir.resolve("t.ply");
        Files.writeString(f, "ply\nformat ascii 1.0\nelement vertex 3\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n");
        assertTrue(assertThrows(IOException.class, () -> CloudFiles.read(f)).getMessage().contains("ends after 1 of 3 vertices"));
        assertTrue(assertThrows(IOException.class, () -> CloudFiles.read(dir.resolve("x.xyz"))).getMessage().contains("unknown cloud format"));
    }
}
