package org.braggflow.denoise.lpaici;

import java.util.Random;
import org.braggflow.spatial.KdTree;
import org.braggflow.spatial.Neighbours;

/**
 * Analytic surfaces sampled uniformly by area with planted Gaussian noise, the exact point-to-surface
 * distance of each, and the statistical outlier removal of docs/method.md, section 3 for comparison.
 * Noise is isotropic (sigma on each coordinate), so its component across the surface has standard
 * deviation sigma.
 */
final class TestSurfaces {

    private TestSurfaces() {
    }

    /** A surface with its exact distance function. */
    interface Surface {
        float[] xyz();

        double distance(double x, double y, double z);
    }

    /** The square [0, side]^2 of the plane z = 0, {@code density} points per unit area. */
    static Surface plane(double side, double density, double sigma, long seed) {
        Random r = new Random(seed);
        int n = (int) Math.round(side * side * density);
        float[] xyz = new float[3 * n];
        for (int i = 0; i < n; i++) {
            xyz[3 * i] = (float) (r.nextDouble() * side + sigma * r.nextGaussian());
            xyz[3 * i + 1] = (float) (r.nextDouble() * side + sigma * r.nextGaussian());
            xyz[3 * i + 2] = (float) (sigma * r.nextGaussian());
        }
        return new Fixed(xyz, (x, y, z) -> Math.abs(z));
    }

    /** The sphere of the given radius about the origin. */
    static Surface sphere(double radius, double density, double sigma, long seed) {
        Random r = new Random(seed);
        int n = (int) Math.round(4 * Math.PI * radius * radius * density);
        float[] xyz = new float[3 * n];
        for (int i = 0; i < n; i++) {
            double x = r.nextGaussian(), y = r.nextGaussian(), z = r.nextGaussian();
            double norm = Math.sqrt(x * x + y * y + z * z);
            xyz[3 * i] = (float) (radius * x / norm + sigma * r.nextGaussian());
            xyz[3 * i + 1] = (float) (radius * y / norm + sigma * r.nextGaussian());
            xyz[3 * i + 2] = (float) (radius * z / norm + sigma * r.nextGaussian());
        }
        return new Fixed(xyz, (x, y, z) -> Math.abs(Math.sqrt(x * x + y * y + z * z) - radius));
    }

    /**
     * A Gaussian bump z = height exp(-(x^2 + y^2) / (2 width^2)) over the square [-side/2, side/2]^2,
     * the shape of a Bragg peak's shell seen from one side: flat rim, steep flanks, a curved top.
     * Sampled uniformly by area: candidates uniform in (x, y) kept with probability proportional to
     * the area element sqrt(1 + |grad z|^2).
     */
    static Surface bump(double side, double height, double width, double density, double sigma, long seed) {
        Random r = new Random(seed);
        double maxSlope = height / width * Math.exp(-0.5);
        double maxStretch = Math.sqrt(1 + maxSlope * maxSlope);
        int candidates = (int) Math.round(side * side * density * maxStretch);
        float[] buffer = new float[3 * candidates];
        int n = 0;
        for (int c = 0; c < candidates; c++) {
            double x = (r.nextDouble() - 0.5) * side, y = (r.nextDouble() - 0.5) * side;
            double z = bumpHeight(height, width, x, y);
            double gx = -x / (width * width) * z, gy = -y / (width * width) * z;
            if (r.nextDouble() * maxStretch > Math.sqrt(1 + gx * gx + gy * gy)) continue;
            buffer[3 * n] = (float) (x + sigma * r.nextGaussian());
            buffer[3 * n + 1] = (float) (y + sigma * r.nextGaussian());
            buffer[3 * n + 2] = (float) (z + sigma * r.nextGaussian());
            n++;
        }
        float[] xyz = java.util.Arrays.copyOf(buffer, 3 * n);
        return new Fixed(xyz, (px, py, pz) -> bumpDistance(height, width, px, py, pz));
    }

    private static double bumpHeight(double height, double width, double x, double y) {
        return height * Math.exp(-(x * x + y * y) / (2 * width * width));
    }

    /**
     * Distance to the bump by repeated projection onto the tangent plane at the current foot point;
     * converges while the point is nearer than the radius of curvature, as it is for these clouds.
     */
    private static double bumpDistance(double height, double width, double px, double py, double pz) {
        double x = px, y = py;
        for (int it = 0; it < 50; it++) {
            double z = bumpHeight(height, width, x, y);
            double gx = -x / (width * width) * z, gy = -y / (width * width) * z;
            double norm = Math.sqrt(gx * gx + gy * gy + 1);
            double nx = -gx / norm, ny = -gy / norm, nz = 1 / norm;
            double off = (px - x) * nx + (py - y) * ny + (pz - z) * nz;
            double nextX = px - off * nx, nextY = py - off * ny;
            boolean done = Math.abs(nextX - x) + Math.abs(nextY - y) < 1e-12;
            x = nextX;
            y = nextY;
            if (done) break;
        }
        double z = bumpHeight(height, width, x, y);
        return Math.sqrt((px - x) * (px - x) + (py - y) * (py - y) + (pz - z) * (pz - z));
    }

    /** Root mean square point-to-surface distance, over the points whose flag is set (all when null). */
    static double rms(Surface surface, float[] xyz, boolean[] keep) {
        double sum = 0;
        int m = 0;
        for (int i = 0; i < xyz.length / 3; i++) {
            if (keep != null && !keep[i]) continue;
            double d = surface.distance(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
            sum += d * d;
            m++;
        }
        return Math.sqrt(sum / m);
    }

    /**
     * Statistical outlier removal as docs/method.md, section 3 defines it: mean distance to the k nearest
     * neighbours (self excluded), kept when at most mean + t x sample std over the cloud.
     */
    static boolean[] sorInliers(float[] xyz, int k, double t) {
        int n = xyz.length / 3;
        KdTree tree = new KdTree(xyz);
        Neighbours nb = new Neighbours();
        double[] mean = new double[n];
        double sum = 0, sumSq = 0;
        for (int i = 0; i < n; i++) {
            tree.nearest(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], k, i, nb);
            double s = 0;
            for (int j = 0; j < nb.size(); j++) s += Math.sqrt(nb.distanceSquared(j));
            mean[i] = s / nb.size();
            sum += mean[i];
            sumSq += mean[i] * mean[i];
        }
        double m = sum / n;
        double std = Math.sqrt(Math.max(0, (sumSq - sum * sum / n) / (n - 1)));
        boolean[] keep = new boolean[n];
        for (int i = 0; i < n; i++) keep[i] = mean[i] <= m + t * std;
        return keep;
    }

    private record Fixed(float[] xyz, Distance distance) implements Surface {
        @Override
        public double distance(double x, double y, double z) {
            return distance.at(x, y, z);
        }
    }

    private interface Distance {
        double at(double x, double y, double z);
    }
}
