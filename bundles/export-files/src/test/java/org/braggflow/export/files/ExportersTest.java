package org.braggflow.export.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.twelvemonkeys.imageio.plugins.tiff.TIFFImageReaderSpi;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.result.ClusterResult;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.Exporter;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes every output file of a small known result and reads them back with independent readers. */
class ExportersTest {

    static final int ROWS = 5, COLS = 7;

    @TempDir
    static Path out;

    static AnalysisResult result;

    static float strainAt(int r, int c) {
        return (r * COLS + c) * 1e-5f - 1e-4f;
    }

    @BeforeAll
    static void export() throws IOException {
        ScanMetadata meta = new ScanMetadata("known", "memory", ROWS, COLS, 8, 8, new double[] {1, 2, 3},
                Geometry.of(12, 18.1, 28.5, 0.5, 55, 100), List.of());
        boolean[] mask = new boolean[ROWS * COLS];
        Map<String, float[]> maps = new LinkedHashMap<>();
        for (String name : MapNames.COLUMNS) if (!name.equals("in_mask")) maps.put(name, new float[ROWS * COLS]);
        List<FeatureTable.Row> features = new java.util.ArrayList<>();
        int[] labels = new int[ROWS * COLS - COLS];
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                int i = r * COLS + c;
                mask[i] = r > 0;
                maps.get("intensity")[i] = 100 + i;
                maps.get("strain")[i] = r > 0 ? strainAt(r, c) : Float.NaN;
                if (r > 0) {
                    features.add(new FeatureTable.Row(r, c, new float[] {r, c, 0.5f}));
                    labels[features.size() - 1] = c < 3 ? 0 : 1;
                }
            }
        }
        result = new AnalysisResult(meta, mask, new ScanMaps(ROWS, COLS, maps), new FeatureTable(3, features),
                new ClusterResult(labels, 2, new double[] {10, 4, 3.5}), List.of(9e4, 2e4, 1.1e4), Map.of("status", "succeeded", "workflow", "test"));
        for (Exporter e : new Exporter[] {new TablesExporter(), new ImagesExporter(), new ReportExporter()}) {
            e.export(result, out, Parameters.of(StageDescriptor.of("exporter", "x", e), Map.of()));
        }
    }

    private static List<CSVRecord> csv(String name, String... header) throws IOException {
        try (Reader in = Files.newBufferedReader(out.resolve(name));
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
            assertEquals(List.of(header), p.getHeaderNames());
            return p.getRecords();
        }
    }

    @Test
    void mapsCsvHasTheContractHeaderOneLinePerPositionAndEmptyCellsForUndefined() throws IOException {
        List<CSVRecord> lines = csv("maps.csv", "row", "col", "in_mask", "intensity", "com_angle", "com_det_row", "com_det_col",
                "fwhm_angle", "fwhm_det_row", "fwhm_det_col", "peak_angle_deg", "strain", "tilt_x", "tilt_y",
                "skew_angle", "skew_det_row", "skew_det_col", "kurt_angle", "kurt_det_row", "kurt_det_col", "split", "peak_count");
        assertEquals(ROWS * COLS, lines.size());
        CSVRecord r3c4 = lines.get(3 * COLS + 4);
        assertEquals("3", r3c4.get("row"));
        assertEquals("4", r3c4.get("col"));
        assertEquals("1", r3c4.get("in_mask"));
        assertEquals(strainAt(3, 4), Float.parseFloat(r3c4.get("strain")), 1e-12);
        assertEquals(125f, Float.parseFloat(r3c4.get("intensity")));
        assertEquals("", lines.get(2).get("strain"), "undefined strain outside the mask is an empty cell");
        assertEquals("0", lines.get(2).get("in_mask"));
    }

    @Test
    void featuresAndClustersHaveOneLinePerAnalysedPosition() throws IOException {
        List<CSVRecord> f = csv("features.csv", "row", "col", "f0", "f1", "f2");
        List<CSVRecord> c = csv("clusters.csv", "row", "col", "cluster");
        assertEquals((ROWS - 1) * COLS, f.size());
        assertEquals((ROWS - 1) * COLS, c.size());
        assertEquals("1", c.get(COLS + 5).get("cluster"));
        assertEquals("2", c.get(COLS + 5).get("row"));
        assertEquals(5f, Float.parseFloat(f.get(COLS + 5).get("f1")));
    }

    @Test
    void tiffMapsAreFloat32RowsByColsWithNanWhereUndefined() throws IOException {
        ImageReader tiff = new TIFFImageReaderSpi().createReaderInstance();
        try (ImageInputStream in = ImageIO.createImageInputStream(out.resolve("maps/strain.tiff").toFile())) {
            tiff.setInput(in);
            Raster raster = tiff.read(0).getRaster();
            assertEquals(DataBuffer.TYPE_FLOAT, raster.getDataBuffer().getDataType());
            assertEquals(COLS, raster.getWidth());
            assertEquals(ROWS, raster.getHeight());
            assertEquals(strainAt(3, 4), raster.getSampleFloat(4, 3, 0));
            assertTrue(Float.isNaN(raster.getSampleFloat(1, 0, 0)));
        }
        for (String name : ImagesExporter.names(result)) {
            assertTrue(Files.size(out.resolve("maps/" + name + ".tiff")) > 0, name);
            BufferedImage png = ImageIO.read(out.resolve("maps/" + name + ".png").toFile());
            assertTrue(png.getWidth() >= 360 && png.getHeight() >= 280, name);
        }
        assertEquals(21, ImagesExporter.names(result).size(), "20 map columns (12 + 8 shape descriptors) and the cluster map");
    }

    @Test
    void reportIsOneSelfContainedPageWithEveryPart() throws IOException {
        String html = Files.readString(out.resolve("report.html"));
        int images = html.split("src=\"data:image/png;base64,", -1).length - 1;
        assertEquals(1 + 20 + 1 + 1, images, "domain map, 20 maps (12 + 8 shape descriptors), elbow and loss curves");
        assertTrue(html.contains("<th>workflow</th><td>test</td>"));
        assertTrue(!html.contains("src=\"http") && !html.contains("src=\"file"), "nothing loaded from elsewhere");
    }
}
