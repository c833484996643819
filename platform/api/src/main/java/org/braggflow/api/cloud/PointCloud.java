package org.braggflow.api.cloud;

/**
 * A 3-D point cloud of one sample position. Coordinates are stored flat as x0,y0,z0,x1,... in the
 * units of the cloud builder: (detector row, detector column, angle index x angle scale).
 * {@code intensity} is either null or one value per point.
 */
public record PointCloud(int row, int col, float[] xyz, float[] intensity) {

    public PointCloud {
        if (xyz.length % 3 != 0) {
            throw new IllegalArgumentException("coordinate array length " + xyz.length + " is not a multiple of 3");
        }
        if (intensity != null && intensity.length != xyz.length / 3) {
            throw new IllegalArgumentException("intensity has " + intensity.length + " values for "
                    + xyz.length / 3 + " points");
        }
    }

    public int size() {
        return xyz.length / 3;
    }

    public float x(int i) {
        return xyz[3 * i];
    }

    public float y(int i) {
        return xyz[3 * i + 1];
    }

    public float z(int i) {
        return xyz[3 * i + 2];
    }

    public boolean hasIntensity() {
        return intensity != null;
    }

    /** A cloud of the same position keeping only the points whose flag is set, in order. */
    public PointCloud select(boolean[] keep) {
        int n = 0;
        for (boolean k : keep) {
            if (k) n++;
        }
        float[] out = new float[3 * n];
        float[] outIntensity = intensity == null ? null : new float[n];
        int j = 0;
        for (int i = 0; i < size(); i++) {
            if (!keep[i]) continue;
            System.arraycopy(xyz, 3 * i, out, 3 * j, 3);
            if (outIntensity != null) outIntensity[j] = intensity[i];
            j++;
        }
        return new PointCloud(row, col, out, outIntensity);
    }
}
