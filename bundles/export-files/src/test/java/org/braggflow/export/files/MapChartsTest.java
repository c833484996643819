package org.braggflow.export.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.braggflow.api.result.ClusterResult;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

/**
 * Curves the report draws: short training runs (one epoch, a flat loss, a log axis) and the
 * criterion that chose k, with the chosen k marked where it belongs.
 */
class MapChartsTest {

    private static BufferedImage curve(double[] y, boolean logY) throws Exception {
        return ImageIO.read(new ByteArrayInputStream(MapCharts.curve(y, "loss", "epoch", "loss", logY)));
    }

    @Test
    void aSingleEpochAndAFlatCurveDrawOnALogAxis() throws Exception {
        for (double[] y : new double[][] {{1.0919810128576513E7}, {4.2e6}, {3.0, 3.0, 3.0}, {0.37}, {5e6, 1e6, 2e5}}) {
            BufferedImage png = curve(y, true);
            assertEquals(640, png.getWidth());
            assertEquals(400, png.getHeight());
        }
    }

    @Test
    void aSingleValueDrawsOnALinearAxisToo() throws Exception {
        assertEquals(640, curve(new double[] {0.0}, false).getWidth());
        assertEquals(640, curve(new double[] {-2.5, -2.5}, false).getWidth());
    }

    /** Where value (x, y) of the chart lands in a picture of the report's curve size. */
    private static double[] pixel(JFreeChart chart, double x, double y) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.createBufferedImage(MapCharts.CURVE_WIDTH, MapCharts.CURVE_HEIGHT, info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot plot = chart.getXYPlot();
        return new double[] {plot.getDomainAxis().valueToJava2D(x, area, plot.getDomainAxisEdge()),
            plot.getRangeAxis().valueToJava2D(y, area, plot.getRangeAxisEdge()), area.getMinY(), area.getMaxY()};
    }

    private static int count(BufferedImage png, int x, int fromY, int toY, int rgb) {
        int n = 0;
        for (int y = fromY; y <= toY; y++) if ((png.getRGB(x, y) & 0xFFFFFF) == rgb) n++;
        return n;
    }

    @Test
    void theChosenKIsMarkedInTheMarkerColourAtItsPlace() throws Exception {
        int[] ks = {2, 3, 4, 5, 6, 7, 8};
        double[] silhouette = {0.52, 0.61, 0.70, 0.81, 0.55, 0.47, 0.40};
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(
                MapCharts.criterion(ks, silhouette, 5, "Mean silhouette, chosen k = 5", "mean silhouette")));
        assertEquals(640, png.getWidth());
        double[] at5 = pixel(MapCharts.criterionChart(ks, silhouette, 5, "Mean silhouette, chosen k = 5", "mean silhouette"), 5, 0.81);
        int rgb = MapCharts.CHOSEN.getRGB() & 0xFFFFFF;
        int x5 = (int) Math.round(at5[0]);
        int top = (int) Math.ceil(at5[2]) + 30, bottom = (int) Math.floor(at5[3]) - 2;
        // the vertical marker: the column of k = 5 is the marker colour over most of the plot's height
        int onMarker = Math.max(count(png, x5, top, bottom, rgb), Math.max(count(png, x5 - 1, top, bottom, rgb), count(png, x5 + 1, top, bottom, rgb)));
        assertTrue(onMarker > 0.8 * (bottom - top), onMarker + " of " + (bottom - top) + " pixels of column " + x5);
        // the highlighted point (radius 6 pixels) where the curve passes at k = 5 is the marker colour too
        int y5 = (int) Math.round(at5[1]), inPoint = 0;
        for (int dx = -5; dx <= -3; dx++) for (int dy = -3; dy <= 3; dy++) if ((png.getRGB(x5 + dx, y5 + dy) & 0xFFFFFF) == rgb) inPoint++;
        assertTrue(inPoint >= 10, "the large point at (5, 0.81), left of the marker line (its label is on the right): " + inPoint + " of 21 pixels");
        // and no other k's column carries it
        for (int k : new int[] {2, 3, 4, 6, 7, 8}) {
            int x = (int) Math.round(pixel(MapCharts.criterionChart(ks, silhouette, 5, "t", "y"), k, 0)[0]);
            assertTrue(count(png, x, top, bottom, rgb) < 10, "k = " + k + " is not marked");
        }
        assertNotEquals(rgb, png.getRGB(x5 + 40, (top + bottom) / 2) & 0xFFFFFF);
    }

    @Test
    void aChosenKOutsideTheCurveStillShows() throws Exception {
        // the silhouette curve starts at k = 2; its one-cluster test can choose k = 1
        int[] ks = {2, 3, 4};
        double[] v = {0.42, 0.30, 0.25};
        JFreeChart chart = MapCharts.criterionChart(ks, v, 1, "Mean silhouette, chosen k = 1", "mean silhouette");
        double[] at1 = pixel(chart, 1, 0.3);
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(MapCharts.criterion(ks, v, 1, "Mean silhouette, chosen k = 1", "mean silhouette")));
        int x1 = (int) Math.round(at1[0]);
        int top = (int) Math.ceil(at1[2]) + 30, bottom = (int) Math.floor(at1[3]) - 2;
        int rgb = MapCharts.CHOSEN.getRGB() & 0xFFFFFF;
        int on = Math.max(count(png, x1, top, bottom, rgb), Math.max(count(png, x1 - 1, top, bottom, rgb), count(png, x1 + 1, top, bottom, rgb)));
        assertTrue(on > 0.8 * (bottom - top), "marker at k = 1: " + on);
        assertTrue(at1[0] > 0, "k = 1 lies inside the plot");
    }

    @Test
    void theReportTitleNamesTheCriterion() {
        ClusterResult gap = new ClusterResult(new int[] {0, 1}, 2, new double[0], "gap", new int[] {1, 2, 3}, new double[] {0.1, 0.9, 0.8}, 2);
        assertEquals("Gap statistic, chosen k = 2", ReportExporter.criterionTitle(gap));
        ClusterResult old = new ClusterResult(new int[] {0, 1, 1}, 2, new double[] {10, 4, 3.5});
        assertEquals("Elbow rule: within-cluster sum of squares, chosen k = 2", ReportExporter.criterionTitle(old));
    }
}
