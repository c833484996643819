package org.braggflow.denoise.lpaici;

/**
 * Anisotropic denoising of a point cloud by aggregation of surface-adaptive local estimates
 * (docs/method.md, section 3; Z. Xu and A. Foi, IEEE TVCG 27(6), 2021).
 *
 * <p>As in the reference wrapper, coordinates are first multiplied by sqrt(density) so that the
 * surface holds about one point per unit area, and sigma with them; the scales then count points
 * rather than cloud units, and the output is scaled back. The filter is applied {@code passes}
 * times, each pass on the previous output with fresh neighbours ({@link LpaIciPass}). Immutable and
 * thread-safe: every call works on its own buffers.
 */
final class LpaIciFilter {

    /**
     * What the filter needs besides the cloud, sigma and density; the meaning and defaults of each
     * are declared once, in {@link LpaIciParameters}.
     */
    record Settings(double[] scales, double gamma, int passes, double passSigmaRatio, int neighbours,
                    int minPoints, double halfDepthPerSide, double halfDepthSigmas, AggregationWeight weights,
                    double maxResidual, int centreStep) {

        /**
         * Without the surface-model test ({@code maxResidual} 0) and with every point a centre
         * ({@code centreStep} 1): the filter as first written.
         */
        Settings(double[] scales, double gamma, int passes, double passSigmaRatio, int neighbours, int minPoints,
                 double halfDepthPerSide, double halfDepthSigmas, AggregationWeight weights) {
            this(scales, gamma, passes, passSigmaRatio, neighbours, minPoints, halfDepthPerSide, halfDepthSigmas,
                    weights, 0, 1);
        }

        Settings {
            if (scales.length == 0) throw new IllegalArgumentException("no scales");
            if (centreStep < 1) throw new IllegalArgumentException("centreStep must be at least 1");
            for (int s = 1; s < scales.length; s++) {
                if (!(scales[s] > scales[s - 1])) throw new IllegalArgumentException("scales must increase");
            }
            scales = scales.clone();
        }

        @Override
        public double[] scales() {
            return scales.clone();
        }
    }

    private final Settings settings;

    LpaIciFilter(Settings settings) {
        this.settings = settings;
    }

    /** The scale set H = {start, start r, ..., start r^steps}; the reference's is 3, 3 sqrt2, ..., 12. */
    static double[] scales(double start, double ratio, int steps) {
        double[] h = new double[steps + 1];
        for (int s = 0; s <= steps; s++) h[s] = start * Math.pow(ratio, s);
        return h;
    }

    /**
     * The denoised copy of a flat xyz array, with sigma and density read as {@code mode} says: in
     * {@link ScaleMode#RELATIVE} they are converted to cloud units with the cloud's measured spacing s
     * (sigma x s, density / s^2) before the absolute filter runs; 0 still means "estimate".
     */
    float[] denoise(float[] xyz, double sigma, double density, ScaleMode mode) {
        if (mode == ScaleMode.RELATIVE && (sigma > 0 || density > 0)) {
            if (xyz.length / 3 < Math.max(4, settings.minPoints())) return xyz.clone();
            double spacing = NoiseEstimator.spacing(xyz);
            if (!(spacing > 0)) return xyz.clone();
            sigma *= spacing;
            density /= spacing * spacing;
        }
        return denoise(xyz, sigma, density);
    }

    /**
     * The denoised copy of a flat xyz array, same order and length, sigma and density in cloud units.
     *
     * @param sigma   noise standard deviation in cloud units; 0 = estimate it ({@link NoiseEstimator})
     * @param density points per unit surface area in cloud units; 0 = estimate it
     */
    float[] denoise(float[] xyz, double sigma, double density) {
        int n = xyz.length / 3;
        // A plane fit and a frame need a few points; smaller clouds have nothing to average.
        if (n < Math.max(4, settings.minPoints())) return xyz.clone();
        if (sigma == 0) sigma = NoiseEstimator.sigma(xyz);
        if (density == 0) density = NoiseEstimator.density(xyz, sigma);
        // Noise-free input (sigma 0) needs no denoising; without a density there is no scale to work at.
        if (!(sigma > 0) || !(density > 0) || Double.isInfinite(sigma) || Double.isInfinite(density)) {
            return xyz.clone();
        }

        double toUnitDensity = Math.sqrt(density);
        int[] order = MortonOrder.of(xyz);
        float[] current = MortonOrder.permute(xyz, order);
        for (int i = 0; i < current.length; i++) current[i] = (float) (current[i] * toUnitDensity);
        double passSigma = sigma * toUnitDensity;
        for (int pass = 0; pass < settings.passes(); pass++) {
            current = new LpaIciPass(current, passSigma, settings).run();
            passSigma *= settings.passSigmaRatio();
        }
        for (int i = 0; i < current.length; i++) current[i] = (float) (current[i] / toUnitDensity);
        return MortonOrder.restore(current, order);
    }
}
