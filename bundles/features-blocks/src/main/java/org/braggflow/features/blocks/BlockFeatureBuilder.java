package org.braggflow.features.blocks;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.FeatureBuilder;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.Stage;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The {@code features/blocks} stage. A domain differs from its neighbours in where its peak is
 * (strain, tilt), in the peak's shape (width, asymmetry, a split) or in what the encoder's
 * codeword saw. Each of those is one block; each block is scaled to unit total variance and then
 * weighted, so the clusterer's distance gives every kind of evidence the share the workflow
 * declares, whatever the number of values in the block or their units.
 */
@Component(service = FeatureBuilder.class)
@Stage(type = "features", name = "blocks")
public final class BlockFeatureBuilder implements FeatureBuilder {

    @Activate
    public BlockFeatureBuilder() {
    }

    @Override
    public Class<? extends Annotation> parameterType() {
        return BlockParameters.class;
    }

    @Override
    public String description() {
        return "Joins the codeword (PCA components), peak position and peak shape maps into one feature vector, each block on a declared weight";
    }

    @Override
    public FeatureTable build(ScanMetadata scan, boolean[] mask, ScanMaps maps, FeatureTable codewords, Parameters parameters) {
        BlockParameters p = parameters.as(BlockParameters.class);
        if (p.mode() == FeatureMode.CODEWORD_MIN_MAX) {
            if (codewords == null) throw new IllegalArgumentException("features mode codeword-min-max needs an encoder before it in the workflow");
            return MinMax.scaled(codewords);
        }
        int[] positions = positions(scan, mask, maps, codewords, p);
        List<FeatureBlock> blocks = new ArrayList<>();
        if (codewords != null && p.codewordWeight() > 0) {
            FeatureBlock c = new FeatureBlock(positions.length, codewords.dimension());
            for (int i = 0; i < positions.length; i++) {
                float[] v = codewords.rows().get(i).values();
                for (int j = 0; j < v.length; j++) c.set(i, j, v[j]);
            }
            c.winsorize(p.winsorize());
            FeatureBlock w = CodewordComponents.principal(c, p.codewordVariance());
            scaleColumns(w, p.codewordScaling(), positions, scan.scanCols());
            w.scaleToTotalVariance(p.codewordWeight());
            blocks.add(w);
        }
        if (p.positionWeight() > 0) {
            FeatureBlock b = fromMaps(maps, MapList.parse(p.positionMaps()), positions);
            b.winsorize(p.winsorize());
            b.centre();
            b.scaleToTotalVariance(p.positionWeight());
            blocks.add(b);
        }
        if (p.shapeWeight() > 0) {
            FeatureBlock b = fromMaps(maps, MapList.parse(p.shapeMaps()), positions);
            b.winsorize(p.winsorize());
            scaleColumns(b, p.shapeScaling(), positions, scan.scanCols());
            b.scaleToTotalVariance(p.shapeWeight());
            blocks.add(b);
        }
        if (blocks.isEmpty()) throw new IllegalArgumentException("every block has weight 0 (or no encoder ran): no features to cluster");
        return joined(scan, positions, blocks);
    }

    private static void scaleColumns(FeatureBlock b, ColumnScaling scaling, int[] positions, int cols) {
        if (scaling == ColumnScaling.NEIGHBOUR_NOISE) b.scaleByNeighbourNoise(positions, cols);
        else b.zScore();
    }

    /** The analysed positions as row-major indices: the codewords' positions, else the masked ones whose maps are all defined. */
    private static int[] positions(ScanMetadata scan, boolean[] mask, ScanMaps maps, FeatureTable codewords, BlockParameters p) {
        int cols = scan.scanCols();
        if (codewords != null) return codewords.rows().stream().mapToInt(r -> r.row() * cols + r.col()).toArray();
        if (maps == null) throw new IllegalArgumentException("features from maps need a maps stage in the workflow");
        List<String> used = new ArrayList<>();
        if (p.positionWeight() > 0) used.addAll(MapList.parse(p.positionMaps()));
        if (p.shapeWeight() > 0) used.addAll(MapList.parse(p.shapeMaps()));
        List<float[]> columns = new ArrayList<>();
        for (String name : used) columns.add(map(maps, name));
        return java.util.stream.IntStream.range(0, mask.length)
                .filter(i -> mask[i] && columns.stream().allMatch(m -> Float.isFinite(m[i]))).toArray();
    }

    private static FeatureBlock fromMaps(ScanMaps maps, List<String> names, int[] positions) {
        if (maps == null) throw new IllegalArgumentException("the position and shape blocks need a maps stage in the workflow");
        FeatureBlock b = new FeatureBlock(positions.length, names.size());
        for (int j = 0; j < names.size(); j++) {
            float[] m = map(maps, names.get(j));
            for (int i = 0; i < positions.length; i++) b.set(i, j, m[positions[i]]);
        }
        // a position with a codeword but an undefined map value (a peak too weak for a width) sits at the median
        b.fillUndefinedWithMedian();
        return b;
    }

    private static float[] map(ScanMaps maps, String name) {
        float[] m = maps.maps().get(name);
        if (m == null) {
            throw new IllegalArgumentException("no map named '" + name + "' from the maps stage (it made " + maps.maps().keySet() + ")");
        }
        return m;
    }

    private static FeatureTable joined(ScanMetadata scan, int[] positions, List<FeatureBlock> blocks) {
        int d = blocks.stream().mapToInt(b -> b.d).sum();
        List<FeatureTable.Row> rows = new ArrayList<>(positions.length);
        for (int i = 0; i < positions.length; i++) {
            float[] v = new float[d];
            int at = 0;
            for (FeatureBlock b : blocks) {
                for (int j = 0; j < b.d; j++) v[at++] = (float) b.get(i, j);
            }
            rows.add(new FeatureTable.Row(positions[i] / scan.scanCols(), positions[i] % scan.scanCols(), v));
        }
        return new FeatureTable(d, rows);
    }

    /** Comma-separated map names. */
    static final class MapList {
        private MapList() {
        }

        static List<String> parse(String names) {
            return Arrays.stream(names.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    /** The authors' feature scaling: every codeword value min-max scaled to [0, 1] over the scan. */
    static final class MinMax {
        private MinMax() {
        }

        static FeatureTable scaled(FeatureTable t) {
            int d = t.dimension();
            float[] min = new float[d], max = new float[d];
            Arrays.fill(min, Float.POSITIVE_INFINITY);
            Arrays.fill(max, Float.NEGATIVE_INFINITY);
            for (FeatureTable.Row r : t.rows()) {
                for (int j = 0; j < d; j++) {
                    min[j] = Math.min(min[j], r.values()[j]);
                    max[j] = Math.max(max[j], r.values()[j]);
                }
            }
            List<FeatureTable.Row> rows = new ArrayList<>();
            for (FeatureTable.Row r : t.rows()) {
                float[] v = new float[d];
                for (int j = 0; j < d; j++) v[j] = max[j] > min[j] ? (r.values()[j] - min[j]) / (max[j] - min[j]) : 0;
                rows.add(new FeatureTable.Row(r.row(), r.col(), v));
            }
            return new FeatureTable(d, rows);
        }
    }
}
