package org.braggflow.denoise.lpaici;

import java.util.Arrays;
import org.braggflow.spatial.IntList;
import org.braggflow.spatial.KdTree;
import org.braggflow.spatial.Neighbours;

/**
 * The pass as first written, kept to check {@link LpaIciPass} against: its candidates come from a
 * ball query around each point instead of a box query in the point's frame, which must change
 * nothing but the time (LpaIciPassTest).
 *
 * <p>One pass of LPA-ICI over a cloud already scaled to unit surface density (docs/method.md, section 3).
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
final class ReferenceLpaIciPass {

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
    private final double radius;

    private final KdTree tree;
    private final Neighbours nearest = new Neighbours();
    private final IntList ball = new IntList();
    private final LocalFrame frame;
    private final DirectionalFits fits;
    private final int[] chosen = new int[DirectionalFits.DIRECTIONS];
    private final double[] chosenWeight = new double[DirectionalFits.DIRECTIONS];
    private double[] candidateU = new double[256], candidateV = new double[256], candidateW = new double[256];
    private int[] candidateScale = new int[256];

    private final double[] weightSum;
    private final double[] positionSum;

    /**
     * @param xyz   the cloud at unit surface density; read, never written
     * @param sigma noise standard deviation of this pass's input, in the same units
     */
    ReferenceLpaIciPass(float[] xyz, double sigma, LpaIciFilter.Settings settings) {
        this.xyz = xyz;
        this.n = xyz.length / 3;
        this.sigma = sigma;
        this.side = settings.scales();
        this.gamma = settings.gamma();
        this.neighbours = Math.min(settings.neighbours(), n);
        this.frame = new LocalFrame(xyz, neighbours);
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
        // Candidates come from the smallest ball that holds every box, the one through the corner
        // (h, h, t) of the largest. The reference searches sqrt3 x max(largest side, 3 sigma), the ball
        // around a cube of that size, which holds these boxes too whenever halfDepthSigmas <= 3 and
        // halfDepthPerSide <= 1; points between the two balls are in no neighbourhood, so searching
        // the smaller one gives the same result with fewer candidates.
        radius = Math.sqrt(2 * side[last] * side[last] + halfDepth[last] * halfDepth[last]);
        tree = new KdTree(xyz);
        fits = new DirectionalFits(side.length);
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
        tree.nearest(px, py, pz, neighbours, -1, nearest);
        frame.localFrame(i, nearest);

        ball.clear();
        int m = tree.withinRadius(px, py, pz, radius, ball);
        ensureCapacity(m);
        fits.clear();
        for (int k = 0; k < m; k++) {
            int j = 3 * ball.get(k);
            double dx = xyz[j] - px, dy = xyz[j + 1] - py, dz = xyz[j + 2] - pz;
            double u = dx * frame.ux + dy * frame.uy + dz * frame.uz;
            double v = dx * frame.vx + dy * frame.vy + dz * frame.vz;
            double w = dx * frame.nx + dy * frame.ny + dz * frame.nz;
            int s = smallestScale(u, v, w);
            candidateU[k] = u;
            candidateV[k] = v;
            candidateW[k] = w;
            candidateScale[k] = s;
            if (s >= 0) fits.add(s, u, v, w);
        }
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
     * Lends every candidate inside an adaptive neighbourhood that neighbourhood's estimate of it: the
     * candidate moved along this frame's normal onto the fitted plane.
     */
    private void aggregate(int m) {
        for (int k = 0; k < m; k++) {
            int s = candidateScale[k];
            if (s < 0) continue;
            double u = candidateU[k], v = candidateV[k], w = candidateW[k];
            int j = ball.get(k);
            for (int d = 0; d < DirectionalFits.DIRECTIONS; d++) {
                int h = chosen[d];
                if (h < s || !DirectionalFits.contains(d, u, v)) continue;
                double shift = fits.height(d, h, u, v) - w;
                double weight = pointwise ? 1 / fits.variance(d, h, u, v) : chosenWeight[d];
                weightSum[j] += weight;
                positionSum[3 * j] += weight * (xyz[3 * j] + shift * frame.nx);
                positionSum[3 * j + 1] += weight * (xyz[3 * j + 1] + shift * frame.ny);
                positionSum[3 * j + 2] += weight * (xyz[3 * j + 2] + shift * frame.nz);
            }
        }
    }

    /** The smallest scale whose box (square of side h in the tangent plane, depth +-t) holds the point, or -1. */
    private int smallestScale(double u, double v, double w) {
        double across = Math.max(Math.abs(u), Math.abs(v));
        double depth = Math.abs(w);
        for (int s = 0; s < side.length; s++) {
            if (across <= side[s] && depth <= halfDepth[s]) return s;
        }
        return -1;
    }

    private void ensureCapacity(int m) {
        if (candidateU.length >= m) return;
        int size = Math.max(m, 2 * candidateU.length);
        candidateU = Arrays.copyOf(candidateU, size);
        candidateV = Arrays.copyOf(candidateV, size);
        candidateW = Arrays.copyOf(candidateW, size);
        candidateScale = Arrays.copyOf(candidateScale, size);
    }
}
