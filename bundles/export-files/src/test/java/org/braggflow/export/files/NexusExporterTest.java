package org.braggflow.export.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * results.nxs of a small known result, read back: the default chain root -> entry -> domains, every map
 * with its unit and the positions in micrometres as axes, values equal to the maps given, the
 * k-selection curve, one NXprocess per stage with its parameters, and the workflow. The distribution
 * test reads a real run's file with h5py, a reader independent of the writer.
 */
class NexusExporterTest {

    static final int ROWS = 3, COLS = 4;

    @TempDir
    static Path out;

    static AnalysisResult result;

    @BeforeAll
    static void export() throws Exception {
        ScanMetadata meta = new ScanMetadata("known", "memory", ROWS, COLS, 8, 8, new double[] {1, 2, 3},
                Geometry.of(12, 18.1, 28.5, 0.5, 55, 250), List.of());
        boolean[] mask = new boolean[ROWS * COLS];
        Map<String, float[]> maps = new LinkedHashMap<>();
        for (String name : MapNames.COLUMNS) if (!name.equals("in_mask")) maps.put(name, new float[ROWS * COLS]);
        List<FeatureTable.Row> rows = new java.util.ArrayList<>();
        for (int i = 0; i < ROWS * COLS; i++) {
            mask[i] = i != 0;
            maps.get("strain")[i] = i == 0 ? Float.NaN : i * 1e-4f;
            if (i != 0) rows.add(new FeatureTable.Row(i / COLS, i % COLS, new float[] {i, -i}));
        }
        int[] labels = new int[rows.size()];
        for (int i = 0; i < labels.length; i++) labels[i] = rows.get(i).col() < 2 ? 0 : 1;
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("workflow_id", "lattice-defects");
        provenance.put("status", "succeeded");
        provenance.put("started", "2026-12-05T04:00:00Z");
        provenance.put("workflow_file", "/home/workflows/lattice-defects.yaml");
        provenance.put("workflow_sha256", "ab12");
        provenance.put("workflow_text", "id: lattice-defects\n");
        provenance.put("stages", List.of(
                Map.of("step", 0, "stage.type", "cloud", "stage.name", "threshold", "bundle", "org.braggflow.cloud.threshold",
                        "bundle_version", "0.1.0", "parameters", Map.of("threshold", 0.05, "mode", "fraction-of-max", "keepIntensity", false)),
                Map.of("step", 1, "stage.type", "clusterer", "stage.name", "kmeans", "bundle", "org.braggflow.cluster.kmeans",
                        "bundle_version", "0.1.0", "parameters", Map.of("maxK", 15))));
        provenance.put("inputs", List.of(Map.of("path", "/inbox/known.h5", "size", 1234L, "sha256", "ff00")));
        result = new AnalysisResult(meta, mask, new ScanMaps(ROWS, COLS, maps), new FeatureTable(2, rows),
                new ClusterResult(labels, 2, new double[0], "silhouette", new int[] {2, 3, 4}, new double[] {0.8, 0.5, 0.4}, 2),
                List.of(), provenance);
        NexusExporter e = new NexusExporter();
        e.export(result, out, Parameters.of(StageDescriptor.of("exporter", "nexus", e), Map.of()));
    }

    @Test
    void theDefaultPlotChainLeadsToTheDomainMapWithItsAxes() {
        try (HdfFile h5 = new HdfFile(out.resolve(NexusExporter.FILE))) {
            assertEquals("entry", h5.getAttribute("default").getData());
            Group entry = (Group) h5.getChild("entry");
            assertEquals("NXentry", entry.getAttribute("NX_class").getData());
            assertEquals("domains", entry.getAttribute("default").getData());
            Group domains = (Group) entry.getChild("domains");
            assertEquals("NXdata", domains.getAttribute("NX_class").getData());
            assertEquals("cluster", domains.getAttribute("signal").getData());
            assertArrayEquals(new String[] {"row_position", "col_position"}, (String[]) domains.getAttribute("axes").getData());
            int[][] cluster = (int[][]) ((Dataset) domains.getChild("cluster")).getData();
            assertEquals(-1, cluster[0][0], "not analysed");
            assertEquals(0, cluster[1][1]);
            assertEquals(1, cluster[2][3]);
            assertArrayEquals(new double[] {0, 0.25, 0.5}, (double[]) ((Dataset) domains.getChild("row_position")).getData(), 1e-12,
                    "row positions in micrometres from the 250 nm step");
            assertEquals("um", ((Dataset) domains.getChild("col_position")).getAttribute("units").getData());
        }
    }

    @Test
    void everyMapIsAnNxdataWithItsValuesAndUnit() {
        try (HdfFile h5 = new HdfFile(out.resolve(NexusExporter.FILE))) {
            Group maps = (Group) h5.getByPath("entry/maps");
            assertEquals(MapNames.COLUMNS.size(), maps.getChildren().size());
            Group strain = (Group) maps.getChild("strain");
            assertEquals("strain", strain.getAttribute("signal").getData());
            Dataset d = (Dataset) strain.getChild("strain");
            assertArrayEquals(new int[] {ROWS, COLS}, d.getDimensions());
            assertEquals(MapNames.unit("strain"), d.getAttribute("units").getData());
            float[][] v = (float[][]) d.getData();
            assertTrue(Float.isNaN(v[0][0]));
            assertEquals(7e-4f, v[1][3], 1e-9f);
            float[][] mask = (float[][]) ((Dataset) h5.getByPath("entry/maps/in_mask/in_mask")).getData();
            assertEquals(0f, mask[0][0]);
            assertEquals(1f, mask[2][2]);
        }
    }

    @Test
    void criterionFeaturesAndProvenanceTravelWithTheMaps() {
        try (HdfFile h5 = new HdfFile(out.resolve(NexusExporter.FILE))) {
            Group k = (Group) h5.getByPath("entry/k_selection");
            assertArrayEquals(new int[] {2, 3, 4}, (int[]) ((Dataset) k.getChild("k")).getData());
            assertArrayEquals(new double[] {0.8, 0.5, 0.4}, (double[]) ((Dataset) k.getChild("criterion")).getData(), 0);
            assertEquals(2, ((Dataset) k.getChild("chosen_k")).getData());
            float[][] features = (float[][]) ((Dataset) h5.getByPath("entry/features/features")).getData();
            assertEquals(ROWS * COLS - 1, features.length);
            assertArrayEquals(new float[] {1, -1}, features[0]);
            Group p0 = (Group) h5.getByPath("entry/process_00_cloud_threshold");
            assertEquals("NXprocess", p0.getAttribute("NX_class").getData());
            assertEquals("org.braggflow.cloud.threshold", ((Dataset) p0.getChild("program")).getData());
            assertEquals(1, ((Dataset) p0.getChild("sequence_index")).getData());
            assertEquals("fraction-of-max", ((Dataset) h5.getByPath("entry/process_00_cloud_threshold/parameters/mode")).getData());
            assertEquals(0.05, ((Dataset) h5.getByPath("entry/process_00_cloud_threshold/parameters/threshold")).getData());
            assertEquals(2, ((Dataset) h5.getByPath("entry/process_01_clusterer_kmeans/sequence_index")).getData());
            assertEquals("id: lattice-defects\n", ((Dataset) h5.getByPath("entry/workflow/data")).getData());
            assertEquals("ab12", ((Dataset) h5.getByPath("entry/workflow/sha256")).getData());
            assertArrayEquals(new String[] {"ff00"}, (String[]) ((Dataset) h5.getByPath("entry/inputs/sha256")).getData());
        }
        assertFalse(Files.exists(out.resolve("." + NexusExporter.FILE + ".part")), "written whole, no part file left");
    }
}
