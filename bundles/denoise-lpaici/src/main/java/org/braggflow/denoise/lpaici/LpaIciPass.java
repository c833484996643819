package org.braggflow.denoise.lpaici;

import java.util.Arrays;
import org.braggflow.spatial.IntList;
import org.braggflow.spatial.KdTree;
import org.braggflow.spatial.Neighbours;

/**
 * One pass of LPA-ICI over a cloud already scaled to unit surface density (docs/method.md, section 3).
 *
 * <p>For every point: its {@link LocalFrame} from the PCA of its nearest neighbours; the plane fits
 * of its four directional neighbourhoods at every scale and the ICI scale of each direction
 * ({@link DirectionalFits}); then each adaptive neighbourhood lends every point inside it an
 * estimate, the point moved along the neighbourhood's normal onto the fitted plane, weighted by an
 * inverse variance ({@link AggregationWeight}). Each point's output is the weighted mean of all the
 * estimates it received (the point's own four directions among them); a point that received none
 * stays put. The per-point work reuses buffers, so a pass allocates only the tree, the output and
 * the accumulators.
 */
final class LpaIciPass {

    private final float[] xyz;
    private final int n;
    private final double sigma;
    private final double[] side;       // h_s: side of the square neighbourhoods
    private final double[] halfDepth;  // t_s: reach of the neighbourhoods along the normal
    private final double gamma;
    private final int neighbours;
    private final int minPoints;
    private final double maxResidual;
    private final boolean pointwise;
    private final double[] boxExtents;
    private final double[] boxAxes = new double[9];

    private final KdTree tree;
    private final Neighbours nearest = new Neighbours();
    private final IntList candidates = new IntList();   // the points of the current point's largest box
    private final LocalFrame frame = new LocalFrame();
    private final DirectionalFits fits;
    private final ScaleLookup acrossScale, depthScale;
    private final int[] chosen = new int[DirectionalFits.DIRECTIONS];
    private final double[] chosenWeight = new double[DirectionalFits.DIRECTIONS];
    private double[] candidateU = new double[256], candidateV = new double[256], candidateW = new double[256];
    private int[] candidateScale = new int[256];
    private int[] candidateBin = new int[256];
    private final IntList onAxis = new IntList();

    /** The first radius tried for a point's nearest neighbours, relative to the last point's k-th distance (1.1-1.2 measured alike). */
    private static final double GUESS = 1.15;
    private double lastKth;

    private final double[] weightSum;
    private final double[] positionSum;

    /**
     * @param xyz   the cloud at unit surface density; read, never written
     * @param sigma noise standard deviation of this pass's input, in the same units
     */
    LpaIciPass(float[] xyz, double sigma, LpaIciFilter.Settings settings) {
        this.xyz = xyz;
        this.n = xyz.length / 3;
        this.sigma = sigma;
        this.side = settings.scales();
        this.gamma = settings.gamma();
        this.neighbours = Math.min(settings.neighbours(), n);
        this.minPoints = settings.minPoints();
        this.maxResidual = settings.maxResidual();
        this.pointwise = settings.weights() == AggregationWeight.POINTWISE;
        int last = side.length - 1;
        // Deep enough to hold the noise (points clipped at the noise would pull the plane towards the
        // point) and the bend of a curved surface across the square, so that the ICI sees the bias;
        // shallow enough to leave out a neighbouring sheet or a stray point.
        halfDepth = new double[side.length];
        for (int s = 0; s <= last; s++) {
            halfDepth[s] = Math.max(settings.halfDepthPerSide() * side[s], settings.halfDepthSigmas() * sigma);
        }
        // Candidates come from the largest box (side h across, depth +-t, in the point's frame), which
        // holds every smaller one. The authors' wrapper searches the ball of radius sqrt3 x max(largest
        // side, 3 sigma) around the point; a box query on the tree finds the points that matter, in the
        // order a ball query lists them, while looking at far fewer (docs/method.md, section 3).
        boxExtents = new double[] {side[last], side[last], halfDepth[last]};
        tree = new KdTree(xyz);
        fits = new DirectionalFits(side.length);
        acrossScale = new ScaleLookup(side);
        depthScale = new ScaleLookup(halfDepth);
        weightSum = new double[n];
        positionSum = new double[3 * n];
    }

    /** The denoised positions. */
    float[] run() {
        for (int i = 0; i < n; i++) estimateAround(i);
        float[] out = new float[3 * n];
        for (int i = 0; i < n; i++) {
            double w = weightSum[i];
            for (int c = 0; c < 3; c++) {
                out[3 * i + c] = w > 0 ? (float) (positionSum[3 * i + c] / w) : xyz[3 * i + c];
            }
        }
        return out;
    }

    /** All the work centred on point i: frame, fits, ICI scales and the estimates lent to its neighbourhoods. */
    private void estimateAround(int i) {
        float px = xyz[3 * i], py = xyz[3 * i + 1], pz = xyz[3 * i + 2];
        // points come in Morton order, so the last point's k-th distance is a good first radius
        tree.nearest(px, py, pz, neighbours, -1, lastKth * GUESS, nearest);
        lastKth = Math.sqrt(nearest.distanceSquared(nearest.size() - 1));
        frame.localFrame(xyz, i, nearest);

        boxAxes[0] = frame.ux;
        boxAxes[1] = frame.uy;
        boxAxes[2] = frame.uz;
        boxAxes[3] = frame.vx;
        boxAxes[4] = frame.vy;
        boxAxes[5] = frame.vz;
        boxAxes[6] = frame.nx;
        boxAxes[7] = frame.ny;
        boxAxes[8] = frame.nz;
        candidates.clear();
        int m = tree.withinBox(px, py, pz, boxAxes, boxExtents, candidates);
        ensureCapacity(m);
        binCandidates(px, py, pz, m);
        fits.fit(minPoints);
        boolean any = false;
        for (int d = 0; d < DirectionalFits.DIRECTIONS; d++) {
            int s = fits.iciScale(d, gamma, sigma, maxResidual);
            chosen[d] = s;
            // sigma^2 is common to every estimate of the pass and cancels in the weighted mean.
            if (s >= 0) chosenWeight[d] = 1 / fits.variance(d, s, 0, 0);
            any |= s >= 0;
        }
        if (any) aggregate(m);
    }

    /**
     * Each candidate's coordinates in the frame, its smallest box and its bin (scale x DIRECTIONS +
     * quadrant), and the directional sums. Nothing here branches on the candidate except the rare
     * point on a tangent axis: which box and quadrant a candidate falls in is as good as random, and
     * testing them in turn, with a mispredicted branch or two per candidate, made the pass 1.3x slower
     * on a solid peak. A method of its own so that the compiler inlines what the loop calls (inside the
     * larger method it called them per candidate).
     */
    private void binCandidates(float px, float py, float pz, int m) {
        fits.clear();
        onAxis.clear();
        int none = side.length;
        for (int k = 0; k < m; k++) {
            int j = 3 * candidates.get(k);
            double dx = xyz[j] - px, dy = xyz[j + 1] - py, dz = xyz[j + 2] - pz;
            double u = dx * frame.ux + dy * frame.uy + dz * frame.uz;
            double v = dx * frame.vx + dy * frame.vy + dz * frame.vz;
            double w = dx * frame.nx + dy * frame.ny + dz * frame.nz;
            // the smallest box (side h_s across, depth t_s) that holds the candidate; none when it is in no box
            int s = Math.max(acrossScale.first(largerMagnitude(u, v)), depthScale.first(Math.abs(w)));
            candidateU[k] = u;
            candidateV[k] = v;
            candidateW[k] = w;
            candidateScale[k] = s;
            if (u == 0 || v == 0) {
                // on a tangent axis (the point itself among them): in two quadrants or all four, lent to apart
                candidateBin[k] = none * DirectionalFits.DIRECTIONS;
                onAxis.add(k);
                if (s < none) fits.add(s, u, v, w);
            } else {
                int bin = s * DirectionalFits.DIRECTIONS + DirectionalFits.quadrant(u, v);
                candidateBin[k] = bin;
                fits.addToBin(bin, u, v, w);
            }
        }
    }

    /**
     * max(|a|, |b|) by the bits: with the sign bit cleared, doubles order as their bits do, and an
     * integer maximum needs no branch; the JDK's maximum of doubles, which must order -0 and NaN,
     * measured slower than this in a loop like the binning's.
     */
    private static double largerMagnitude(double a, double b) {
        long magnitude = Long.MAX_VALUE;
        return Double.longBitsToDouble(Math.max(Double.doubleToRawLongBits(a) & magnitude, Double.doubleToRawLongBits(b) & magnitude));
    }

    /**
     * Lends every candidate inside an adaptive neighbourhood that neighbourhood's estimate of it: the
     * candidate moved along this frame's normal onto the fitted plane.
     */
    private void aggregate(int m) {
        int none = side.length;
        for (int k = 0; k < m; k++) {
            int bin = candidateBin[k];
            int s = bin / DirectionalFits.DIRECTIONS, d = bin % DirectionalFits.DIRECTIONS;
            if (s < none && chosen[d] >= s) lend(k, d, chosen[d]);
        }
        for (int a = 0; a < onAxis.size(); a++) {
            int k = onAxis.get(a);
            int s = candidateScale[k];
            if (s >= none) continue;
            for (int d = 0; d < DirectionalFits.DIRECTIONS; d++) {
                int h = chosen[d];
                if (h >= s && DirectionalFits.contains(d, candidateU[k], candidateV[k])) lend(k, d, h);
            }
        }
    }

    /** Candidate k's estimate from direction d's neighbourhood of scale h, added to what it has received. */
    private void lend(int k, int d, int h) {
        double u = candidateU[k], v = candidateV[k], w = candidateW[k];
        int j = candidates.get(k);
        double shift = fits.height(d, h, u, v) - w;
        double weight = pointwise ? 1 / fits.variance(d, h, u, v) : chosenWeight[d];
        weightSum[j] += weight;
        positionSum[3 * j] += weight * (xyz[3 * j] + shift * frame.nx);
        positionSum[3 * j + 1] += weight * (xyz[3 * j + 1] + shift * frame.ny);
        positionSum[3 * j + 2] += weight * (xyz[3 * j + 2] + shift * frame.nz);
    }

    private void ensureCapacity(int m) {
        if (candidateU.length >= m) return;
        int size = Math.max(m, 2 * candidateU.length);
        candidateU = Arrays.copyOf(candidateU, size);
        candidateV = Arrays.copyOf(candidateV, size);
        candidateW = Arrays.copyOf(candidateW, size);
        candidateScale = Arrays.copyOf(candidateScale, size);
        candidateBin = Arrays.copyOf(candidateBin, size);
    }
}
