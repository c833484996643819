package org.braggflow.features.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.braggflow.api.result.FeatureTable;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;

class BlockFeatureBuilderTest {

    static final int ROWS = 20, COLS = 30;
    static final String[] SHAPE = {"fwhm_angle", "fwhm_det_row", "fwhm_det_col", "skew_angle", "skew_det_row", "skew_det_col",
        "kurt_angle", "kurt_det_row", "kurt_det_col", "split"};

    /** Three planted domains by column thirds: reference, strained, split (shape only); a strain gradient across all. */
    static int domain(int r, int c) {
        return c < 10 ? 0 : c < 20 ? 1 : 2;
    }

    static ScanMaps maps(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Map<String, float[]> m = new LinkedHashMap<>();
        for (String n : List.of("strain", "tilt_x", "tilt_y")) m.put(n, new float[ROWS * COLS]);
        for (String n : SHAPE) m.put(n, new float[ROWS * COLS]);
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                int i = r * COLS + c, d = domain(r, c);
                m.get("strain")[i] = (float) ((d == 1 ? 1.2e-3 : 0) + 1.8e-4 * c / COLS + 2e-5 * random.nextGaussian());
                m.get("tilt_x")[i] = (float) (2e-5 * random.nextGaussian());
                m.get("tilt_y")[i] = (float) (2e-5 * random.nextGaussian());
                for (String n : SHAPE) m.get(n)[i] = (float) (0.1 * random.nextGaussian() + (n.equals("split") && d == 2 ? 2 : 0));
            }
        }
        // one position with a wild value, as at a particle's edge
        m.get("kurt_angle")[0] = 1e6f;
        return new ScanMaps(ROWS, COLS, m);
    }

    static ScanMetadata scan() {
        return new ScanMetadata("t", "h5", ROWS, COLS, 8, 8, new double[] {0, 1, 2, 3, 4}, Geometry.of(12, 18.1, 28.5, 0.5, 55, 100), List.of());
    }

    static boolean[] mask() {
        boolean[] mask = new boolean[ROWS * COLS];
        java.util.Arrays.fill(mask, true);
        mask[5] = false;
        return mask;
    }

    static Parameters parameters(Map<String, ?> values) {
        return Parameters.of(new StageDescriptor("features", "blocks", "", StageDescriptor.specs(BlockParameters.class)), values);
    }

    static FeatureTable codewords(long seed, boolean[] mask) {
        SplittableRandom random = new SplittableRandom(seed);
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS * COLS; i++) {
            if (!mask[i]) continue;
            float[] v = new float[64];
            // 3 informative directions (by domain) in 64 values, plus noise in every value
            int d = domain(i / COLS, i % COLS);
            for (int j = 0; j < v.length; j++) v[j] = (float) (0.2 * random.nextGaussian() + (j % 3 == d ? 1 : 0));
            rows.add(new FeatureTable.Row(i / COLS, i % COLS, v));
        }
        return new FeatureTable(64, rows);
    }

    @Test
    void everyBlockHasItsWeightAsTotalVariance() {
        boolean[] mask = mask();
        FeatureTable t = new BlockFeatureBuilder().build(scan(), mask, maps(1), codewords(2, mask),
                parameters(Map.of("codewordWeight", 2.0, "positionWeight", 1.0, "shapeWeight", 0.5, "shapeMaps", String.join(",", SHAPE))));
        assertEquals(ROWS * COLS - 1, t.size(), "one row per codeword");
        int shapeStart = t.dimension() - SHAPE.length, positionStart = shapeStart - 3;
        assertEquals(2.0, totalVariance(t, 0, positionStart), 1e-3);
        assertEquals(1.0, totalVariance(t, positionStart, shapeStart), 1e-3);
        assertEquals(0.5, totalVariance(t, shapeStart, t.dimension()), 1e-3);
        // 3 informative directions plus noise: the PCA keeps far fewer than 64 whitened components
        assertTrue(positionStart < 64 && positionStart >= 3, "codeword components kept: " + positionStart);
    }

    @Test
    void plantedDomainsAreFartherApartThanTheGradientWithinOne() {
        boolean[] mask = mask();
        FeatureTable t = new BlockFeatureBuilder().build(scan(), mask, maps(3), null, parameters(Map.of("shapeMaps", String.join(",", SHAPE))));
        assertEquals(3 + SHAPE.length, t.dimension());
        // positions on the reference domain's two edges (gradient) vs reference and strained / split domains
        double within = distance(t, 10, 0, 10, 9);
        double toStrained = distance(t, 10, 9, 10, 10);
        double toSplit = distance(t, 10, 0, 10, 25);
        assertTrue(toStrained > 2 * within && toSplit > 2 * within, within + " " + toStrained + " " + toSplit);
    }

    @Test
    void withoutCodewordsTheMaskedDefinedPositionsAreUsed() {
        ScanMaps maps = maps(4);
        maps.maps().get("strain")[7] = Float.NaN;
        FeatureTable t = new BlockFeatureBuilder().build(scan(), mask(), maps, null, parameters(Map.of()));
        assertEquals(ROWS * COLS - 2, t.size());
        assertTrue(t.rows().stream().noneMatch(r -> r.row() == 0 && (r.col() == 5 || r.col() == 7)));
    }

    @Test
    void authorsModeScalesTheRawCodewordToUnitRange() {
        boolean[] mask = mask();
        FeatureTable c = codewords(5, mask);
        FeatureTable t = new BlockFeatureBuilder().build(scan(), mask, maps(5), c, parameters(Map.of("mode", "codeword-min-max")));
        assertEquals(64, t.dimension());
        for (int j = 0; j < 64; j++) {
            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
            for (FeatureTable.Row r : t.rows()) {
                min = Math.min(min, r.values()[j]);
                max = Math.max(max, r.values()[j]);
            }
            assertEquals(0, min, 1e-6);
            assertEquals(1, max, 1e-6);
        }
        assertArrayEquals(new int[] {c.rows().get(3).row(), c.rows().get(3).col()}, new int[] {t.rows().get(3).row(), t.rows().get(3).col()});
    }

    @Test
    void aMissingMapIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BlockFeatureBuilder().build(scan(), mask(),
                maps(6), null, parameters(Map.of("shapeMaps", "fwhm_angle,peak_width"))));
        assertTrue(e.getMessage().contains("'peak_width'"), e.getMessage());
    }

    static double totalVariance(FeatureTable t, int from, int to) {
        double total = 0;
        int n = t.size();
        for (int j = from; j < to; j++) {
            double mean = 0, ss = 0;
            for (FeatureTable.Row r : t.rows()) mean += r.values()[j];
            mean /= n;
            for (FeatureTable.Row r : t.rows()) ss += (r.values()[j] - mean) * (r.values()[j] - mean);
            total += ss / (n - 1);
        }
        return total;
    }

    static double distance(FeatureTable t, int r1, int c1, int r2, int c2) {
        float[] a = find(t, r1, c1), b = find(t, r2, c2);
        double s = 0;
        for (int j = 0; j < a.length; j++) s += (a[j] - b[j]) * (a[j] - b[j]);
        return Math.sqrt(s);
    }

    static float[] find(FeatureTable t, int row, int col) {
        return t.rows().stream().filter(r -> r.row() == row && r.col() == col).findFirst().orElseThrow().values();
    }

    @Test
    void winsorizingKeepsOneWildEdgeValueFromSettingTheShapeBlocksScale() {
        Map<String, Object> only = Map.of("shapeMaps", String.join(",", SHAPE), "positionWeight", 0.0, "shapeScaling", "z-score");
        Map<String, Object> raw = new java.util.HashMap<>(only);
        raw.put("winsorize", 0.0);
        FeatureTable clipped = new BlockFeatureBuilder().build(scan(), mask(), maps(7), null, parameters(only));
        FeatureTable wild = new BlockFeatureBuilder().build(scan(), mask(), maps(7), null, parameters(raw));
        int kurtAngle = java.util.Arrays.asList(SHAPE).indexOf("kurt_angle");
        // z-scored, every column holds 1/10 of the block's variance, but unclipped the 1e6 reading makes the
        // kurt_angle column a single spike: one position far out, every other position squeezed to the centre
        double wildSpike = Math.abs(find(wild, 0, 0)[kurtAngle]), clippedSpike = Math.abs(find(clipped, 0, 0)[kurtAngle]);
        assertTrue(wildSpike > 5, "unclipped: the one position sits " + wildSpike + " from the centre");
        assertTrue(clippedSpike < 2, "clipped at the 0.5 % quantile: " + clippedSpike);
    }

    /** Codewords whose domain signal is weak in every value and whose noise changes from position to position. */
    static FeatureTable noisyCodewords(long seed, boolean[] mask) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] pattern = new double[3][64];
        for (double[] p : pattern) for (int j = 0; j < 64; j++) p[j] = random.nextGaussian();
        List<FeatureTable.Row> rows = new ArrayList<>();
        for (int i = 0; i < ROWS * COLS; i++) {
            if (!mask[i]) continue;
            float[] v = new float[64];
            int d = domain(i / COLS, i % COLS);
            for (int j = 0; j < v.length; j++) v[j] = (float) (0.4 * pattern[d][j] + random.nextGaussian());
            rows.add(new FeatureTable.Row(i / COLS, i % COLS, v));
        }
        return new FeatureTable(64, rows);
    }

    /** Share of the variance in columns [0, to) that lies between the planted domains' means (R-squared of the domains). */
    static double betweenDomainShare(FeatureTable t, int to) {
        double[][] sum = new double[3][to];
        int[] count = new int[3];
        double[] grand = new double[to];
        for (FeatureTable.Row r : t.rows()) {
            int d = domain(r.row(), r.col());
            count[d]++;
            for (int j = 0; j < to; j++) {
                sum[d][j] += r.values()[j];
                grand[j] += r.values()[j] / t.size();
            }
        }
        double between = 0, total = 0;
        for (FeatureTable.Row r : t.rows()) {
            int d = domain(r.row(), r.col());
            for (int j = 0; j < to; j++) {
                between += Math.pow(sum[d][j] / count[d] - grand[j], 2);
                total += Math.pow(r.values()[j] - grand[j], 2);
            }
        }
        return between / total;
    }

    @Test
    void neighbourNoiseGivesTheCodewordComponentsThatChangeByDomainTheirShare() {
        boolean[] mask = mask();
        FeatureTable codewords = noisyCodewords(9, mask);
        Map<String, Object> only = new java.util.HashMap<>(Map.of("positionWeight", 0.0, "shapeWeight", 0.0));
        FeatureTable scaled = new BlockFeatureBuilder().build(scan(), mask, maps(9), codewords, parameters(only));
        only.put("codewordScaling", "z-score");
        FeatureTable whitened = new BlockFeatureBuilder().build(scan(), mask, maps(9), codewords, parameters(only));
        assertEquals(0.5, totalVariance(scaled, 0, scaled.dimension()), 1e-3, "codewordWeight 0.5 is the block's variance");
        // the PCA keeps dozens of noise components beside the two that separate three domains: whitened, each
        // of them counts as much as the domain components; divided by their neighbour noise, they count as noise
        double byNoise = betweenDomainShare(scaled, scaled.dimension()), byWhitening = betweenDomainShare(whitened, whitened.dimension());
        assertTrue(byNoise > 2.5 * byWhitening, "share of the block's variance between domains, neighbour-noise " + byNoise
                + ", whitened " + byWhitening);
    }
}
