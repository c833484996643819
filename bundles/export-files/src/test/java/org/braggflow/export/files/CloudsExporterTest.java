package org.braggflow.export.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.braggflow.api.cloud.PlyFiles;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** exporter/clouds writes one PLY per analysed position that reads back to the same points and position. */
class CloudsExporterTest {

    private static AnalysisResult withClouds(List<PointCloud> clouds) {
        ScanMetadata meta = new ScanMetadata("known", "memory", 3, 4, 8, 8, new double[] {1, 2, 3},
                Geometry.of(12, 18.1, 28.5, 0.5, 55, 100), List.of());
        return new AnalysisResult(meta, new boolean[12], null, null, null, List.of(), Map.of(), clouds);
    }

    @Test
    void everyCloudIsWrittenAtItsPositionAndReadsBackExactly(@TempDir Path out) throws Exception {
        PointCloud a = new PointCloud(0, 3, new float[] {1.5f, 2.25f, -3f, 4f, 5f, 6.125f}, new float[] {10f, 0.5f});
        PointCloud b = new PointCloud(2, 1, new float[] {7f, 8f, 9f}, null);
        CloudsExporter exporter = new CloudsExporter();
        exporter.export(withClouds(List.of(a, b)), out, Parameters.of(StageDescriptor.of("exporter", "clouds", exporter), Map.of()));

        try (Stream<Path> files = Files.list(out.resolve("clouds"))) {
            assertEquals(List.of("r0_c3.ply", "r2_c1.ply"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        PointCloud backA = PlyFiles.read(out.resolve("clouds/r0_c3.ply"));
        assertEquals(0, backA.row());
        assertEquals(3, backA.col());
        assertArrayEquals(a.xyz(), backA.xyz());
        assertArrayEquals(a.intensity(), backA.intensity());
        PointCloud backB = PlyFiles.read(out.resolve("clouds/r2_c1.ply"));
        assertEquals(2, backB.row());
        assertFalse(backB.hasIntensity());
        assertTrue(Files.readString(out.resolve("clouds/r0_c3.ply")).startsWith("ply\nformat ascii 1.0\n"), "plain ASCII PLY");
    }

    @Test
    void intensityCanBeLeftOut(@TempDir Path out) throws Exception {
        PointCloud a = new PointCloud(1, 1, new float[] {1f, 2f, 3f}, new float[] {4f});
        CloudsExporter exporter = new CloudsExporter();
        exporter.export(withClouds(List.of(a)), out, Parameters.of(StageDescriptor.of("exporter", "clouds", exporter), Map.of("intensity", false)));
        assertFalse(PlyFiles.read(out.resolve("clouds/r1_c1.ply")).hasIntensity());
        assertFalse(Files.readString(out.resolve("clouds/r1_c1.ply")).contains("intensity"));
    }

    @Test
    void aResultWithoutCloudsWritesAnEmptyFolder(@TempDir Path out) throws Exception {
        CloudsExporter exporter = new CloudsExporter();
        exporter.export(withClouds(List.of()), out, Parameters.of(StageDescriptor.of("exporter", "clouds", exporter), Map.of()));
        try (Stream<Path> files = Files.list(out.resolve("clouds"))) {
            assertEquals(0, files.count());
        }
    }
}
