package org.braggflow.export.files;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYLineAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.ChartFactory;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * PNG renderings with JFreeChart: a map as a heat map over the scan grid (row 0 at the top, as the
 * sample was scanned) with a colour bar, title and units; a cluster map in categorical colours with
 * domain boundaries drawn between neighbouring positions of different clusters; line charts for the
 * training-loss curve and for the criterion that chose the number of clusters, the chosen k marked.
 */
final class MapCharts {

    private MapCharts() {
    }

    /** A continuous map; the colour range is the 1st to 99th percentile of the finite values. */
    static byte[] map(float[] values, int rows, int cols, String title, String unit, int pixelsPerPosition) throws IOException {
        return png(mapChart(values, rows, cols, title, unit), rows, cols, pixelsPerPosition);
    }

    /** The chart {@link #map} draws. */
    static JFreeChart mapChart(float[] values, int rows, int cols, String title, String unit) {
        double[] range = percentiles(values);
        PaintScale scale = new ViridisScale(range[0], range[1]);
        JFreeChart chart = grid(values, rows, cols, title, scale);
        NumberAxis barAxis = new NumberAxis(unit);
        barAxis.setRange(range[0], range[1] > range[0] ? range[1] : range[0] + 1);
        PaintScaleLegend legend = new PaintScaleLegend(scale, barAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(4, 4, 4, 4));
        legend.setStripWidth(14);
        chart.addSubtitle(legend);
        return chart;
    }

    /** A cluster map with boundaries between domains. */
    static byte[] clusters(float[] labels, int rows, int cols, String title, int pixelsPerPosition) throws IOException {
        return png(clustersChart(labels, rows, cols, title), rows, cols, pixelsPerPosition);
    }

    /** The chart {@link #clusters} draws. */
    static JFreeChart clustersChart(float[] labels, int rows, int cols, String title) {
        JFreeChart chart = grid(labels, rows, cols, title, new CategoryScale());
        XYPlot plot = chart.getXYPlot();
        BasicStroke stroke = new BasicStroke(1.6f);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                float here = labels[r * cols + c];
                if (c + 1 < cols && differs(here, labels[r * cols + c + 1])) {
                    plot.addAnnotation(new XYLineAnnotation(c + 0.5, r - 0.5, c + 0.5, r + 0.5, stroke, Color.BLACK));
                }
                if (r + 1 < rows && differs(here, labels[(r + 1) * cols + c])) {
                    plot.addAnnotation(new XYLineAnnotation(c - 0.5, r + 0.5, c + 0.5, r + 0.5, stroke, Color.BLACK));
                }
            }
        }
        return chart;
    }

    private static boolean differs(float a, float b) {
        return !(Float.isNaN(a) && Float.isNaN(b)) && a != b;
    }

    /** A line chart of y against 1-based x. */
    static byte[] curve(double[] y, String title, String xLabel, String yLabel, boolean logY) throws IOException {
        XYSeries series = new XYSeries(yLabel);
        for (int i = 0; i < y.length; i++) series.add(i + 1, y[i]);
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, new XYSeriesCollection(series),
                PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.getRenderer().setSeriesStroke(0, new BasicStroke(2f));
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (logY && min > 0) {
            org.jfree.chart.axis.LogAxis axis = new org.jfree.chart.axis.LogAxis(yLabel);
            // a single value (one epoch, or a flat curve) gives the axis no range of its own: the log axis
            // would refuse to draw, so it gets a decade around the value
            if (!(max > min)) axis.setRange(min / Math.sqrt(10), min * Math.sqrt(10));
            plot.setRangeAxis(axis);
        } else if (min <= max && !(max > min)) {
            ((NumberAxis) plot.getRangeAxis()).setRange(min - Math.max(1e-12, Math.abs(min) * 0.1), max + Math.max(1e-12, Math.abs(max) * 0.1));
        }
        NumberAxis domain = (NumberAxis) plot.getDomainAxis();
        domain.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        if (y.length < 2) domain.setRange(0.5, 1.5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, 640, 400);
        return out.toByteArray();
    }

    /** Colour of the chosen-k marker and point on a criterion chart. */
    static final Color CHOSEN = new Color(0xD62728);

    /**
     * The curve of the criterion that chose k, at the k it was evaluated for, with the chosen k
     * marked by a vertical line and a larger point; the chosen k may lie outside the curve (a
     * silhouette curve starts at k = 2, and its one-cluster test can answer 1), the axis then
     * stretches to show it.
     */
    static byte[] criterion(int[] ks, double[] values, int chosenK, String title, String yLabel) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, criterionChart(ks, values, chosenK, title, yLabel), CURVE_WIDTH, CURVE_HEIGHT);
        return out.toByteArray();
    }

    static final int CURVE_WIDTH = 640;
    static final int CURVE_HEIGHT = 400;

    /** The chart {@link #criterion} draws, for tests that locate the marker in it. */
    static JFreeChart criterionChart(int[] ks, double[] values, int chosenK, String title, String yLabel) {
        XYSeries series = new XYSeries(yLabel);
        for (int i = 0; i < ks.length; i++) series.add(ks[i], values[i]);
        XYSeries chosen = new XYSeries("chosen k");
        for (int i = 0; i < ks.length; i++) if (ks[i] == chosenK) chosen.add(ks[i], values[i]);
        XYSeriesCollection data = new XYSeriesCollection(series);
        data.addSeries(chosen);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "k", yLabel, data, PlotOrientation.VERTICAL, false, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        org.jfree.chart.renderer.xy.XYLineAndShapeRenderer renderer = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(0x1F77B4));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        renderer.setSeriesPaint(1, CHOSEN);
        renderer.setSeriesLinesVisible(1, false);
        renderer.setSeriesShape(1, new java.awt.geom.Ellipse2D.Double(-6, -6, 12, 12));
        plot.setRenderer(renderer);
        // the chosen point (series 1) is drawn after the curve, so the curve does not cross it
        plot.setSeriesRenderingOrder(org.jfree.chart.plot.SeriesRenderingOrder.FORWARD);
        org.jfree.chart.plot.ValueMarker marker = new org.jfree.chart.plot.ValueMarker(chosenK, CHOSEN, new BasicStroke(2.5f));
        marker.setLabel("chosen k = " + chosenK);
        marker.setLabelPaint(CHOSEN);
        marker.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
        plot.addDomainMarker(marker);
        NumberAxis domain = (NumberAxis) plot.getDomainAxis();
        domain.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        int lo = chosenK, hi = chosenK;
        for (int k : ks) {
            lo = Math.min(lo, k);
            hi = Math.max(hi, k);
        }
        domain.setRange(lo - 0.5, hi + 0.5);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min <= max && !(max > min)) {
            ((NumberAxis) plot.getRangeAxis()).setRange(min - Math.max(1e-12, Math.abs(min) * 0.1), max + Math.max(1e-12, Math.abs(max) * 0.1));
        }
        return chart;
    }

    private static JFreeChart grid(float[] values, int rows, int cols, String title, PaintScale scale) {
        DefaultXYZDataset data = new DefaultXYZDataset();
        double[][] series = new double[3][rows * cols];
        for (int i = 0; i < rows * cols; i++) {
            series[0][i] = i % cols;
            series[1][i] = i / cols;
            series[2][i] = values[i];
        }
        data.addSeries(title, series);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        NumberAxis x = new NumberAxis("column");
        NumberAxis y = new NumberAxis("row");
        x.setRange(-0.5, cols - 0.5);
        y.setRange(-0.5, rows - 0.5);
        y.setInverted(true);
        for (ValueAxis a : new ValueAxis[] {x, y}) {
            ((NumberAxis) a).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            a.setLowerMargin(0);
            a.setUpperMargin(0);
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        plot.setBackgroundPaint(Palettes.UNDEFINED);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    /** Width and height in pixels of a map picture. */
    static int[] size(int rows, int cols, int pixelsPerPosition) {
        return new int[] {Math.max(360, cols * pixelsPerPosition + 160), Math.max(280, rows * pixelsPerPosition + 90)};
    }

    private static byte[] png(JFreeChart chart, int rows, int cols, int pixelsPerPosition) throws IOException {
        int w = size(rows, cols, pixelsPerPosition)[0], h = size(rows, cols, pixelsPerPosition)[1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, w, h);
        return out.toByteArray();
    }

    /** The value range shown: 1st to 99th percentile, so a few outliers do not wash out the map. */
    static double[] percentiles(float[] values) {
        double[] finite = new double[values.length];
        int n = 0;
        for (float v : values) if (Float.isFinite(v)) finite[n++] = v;
        if (n == 0) return new double[] {0, 1};
        java.util.Arrays.sort(finite, 0, n);
        double lo = finite[(int) Math.floor(0.01 * (n - 1))], hi = finite[(int) Math.ceil(0.99 * (n - 1))];
        if (hi <= lo) hi = lo + Math.max(1e-12, Math.abs(lo) * 1e-6);
        return new double[] {lo, hi};
    }

    /** Viridis over [lower, upper]; NaN is light grey. */
    record ViridisScale(double lower, double upper) implements PaintScale {
        @Override
        public double getLowerBound() {
            return lower;
        }

        @Override
        public double getUpperBound() {
            return upper;
        }

        @Override
        public Paint getPaint(double value) {
            return Palettes.viridis((value - lower) / (upper - lower));
        }
    }

    /** One colour per cluster label; NaN (not analysed) is light grey. */
    static final class CategoryScale implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return 12;
        }

        @Override
        public Paint getPaint(double value) {
            return Double.isNaN(value) ? Palettes.UNDEFINED : Palettes.category((int) value);
        }
    }
}
