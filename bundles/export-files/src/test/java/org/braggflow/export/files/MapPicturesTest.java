package org.braggflow.export.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

/**
 * The map pictures, pixel by pixel: each position's cell has the colour of its value at the place of
 * its row and column (row 0 at the top, column 0 at the left), undefined positions are grey, and the
 * cluster map draws a boundary between differing domains and none inside one.
 */
class MapPicturesTest {

    private static final int ROWS = 4, COLS = 6, PX = 20;

    /** Centre pixel of cell (row, col) in a picture of the chart at the map's size. */
    private static int[] centre(JFreeChart chart, int row, int col) {
        int[] size = MapCharts.size(ROWS, COLS, PX);
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.createBufferedImage(size[0], size[1], info);
        Rectangle2D area = info.getPlotInfo().getDataArea();
        XYPlot plot = chart.getXYPlot();
        return new int[] {(int) Math.round(plot.getDomainAxis().valueToJava2D(col, area, plot.getDomainAxisEdge())),
            (int) Math.round(plot.getRangeAxis().valueToJava2D(row, area, plot.getRangeAxisEdge()))};
    }

    private static int rgb(BufferedImage png, int[] at) {
        return png.getRGB(at[0], at[1]) & 0xFFFFFF;
    }

    private static int rgb(Color c) {
        return c.getRGB() & 0xFFFFFF;
    }

    @Test
    void eachCellHasItsValuesColourAtItsRowAndColumn() throws Exception {
        // values 0 .. 22 in row-major order, the last position undefined: the shown range is then exactly
        // [0, 22] (1st and 99th percentile of 23 values), so value v has viridis(v / 22)
        float[] values = new float[ROWS * COLS];
        for (int i = 0; i < values.length; i++) values[i] = i;
        values[ROWS * COLS - 1] = Float.NaN;
        JFreeChart chart = MapCharts.mapChart(values, ROWS, COLS, "strain", "Δd/d");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(MapCharts.map(values, ROWS, COLS, "strain", "Δd/d", PX)));
        assertEquals(MapCharts.size(ROWS, COLS, PX)[0], png.getWidth());
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                int i = r * COLS + c;
                Color expected = Float.isNaN(values[i]) ? Palettes.UNDEFINED : Palettes.viridis(values[i] / 22.0);
                assertEquals(rgb(expected), rgb(png, centre(chart, r, c)), "cell row " + r + " col " + c);
            }
        }
        int[] first = centre(chart, 0, 0), last = centre(chart, ROWS - 1, COLS - 2);
        assertTrue(first[1] < last[1] && first[0] < last[0], "row 0 is at the top, column 0 at the left");
        assertEquals(rgb(Palettes.viridis(0)), rgb(png, first), "the lowest value is the dark end");
        assertEquals(rgb(Palettes.viridis(1)), rgb(png, last), "the highest value is the bright end");
    }

    @Test
    void theClusterMapColoursDomainsAndDrawsTheirBoundaryOnly() throws Exception {
        // two domains: columns 0-2 are domain 0, columns 3-5 domain 1; position (0, 0) was not analysed
        float[] labels = new float[ROWS * COLS];
        for (int i = 0; i < labels.length; i++) labels[i] = i % COLS < 3 ? 0 : 1;
        labels[0] = Float.NaN;
        JFreeChart chart = MapCharts.clustersChart(labels, ROWS, COLS, "domains");
        BufferedImage png = ImageIO.read(new ByteArrayInputStream(MapCharts.clusters(labels, ROWS, COLS, "domains", PX)));
        assertEquals(rgb(Palettes.UNDEFINED), rgb(png, centre(chart, 0, 0)));
        assertEquals(rgb(Palettes.category(0)), rgb(png, centre(chart, 2, 1)));
        assertEquals(rgb(Palettes.category(1)), rgb(png, centre(chart, 2, 4)));
        // the boundary lies halfway between columns 2 and 3: black there, none halfway between 3 and 4
        int[] c2 = centre(chart, 2, 2), c3 = centre(chart, 2, 3), c4 = centre(chart, 2, 4);
        int boundaryX = (c2[0] + c3[0]) / 2, insideX = (c3[0] + c4[0]) / 2;
        int dark = 0;
        for (int dx = -1; dx <= 1; dx++) if (rgb(png, new int[] {boundaryX + dx, c2[1]}) == 0) dark++;
        assertTrue(dark >= 1, "a black boundary line between the two domains");
        assertEquals(rgb(Palettes.category(1)), rgb(png, new int[] {insideX, c3[1]}), "no line inside a domain");
    }
}
