package org.braggflow.scanio.simulate;

import java.util.List;

/**
 * A simulated particle in continuous sample coordinates (units of scan positions, row then column):
 * where it is, how thick, which planted domain sits where, the smooth strain added everywhere and the
 * fluorescence that drift alignment locks onto.
 */
interface Sample {

    List<PlantedDomain> domains();

    /** Distance from the particle's centre normalised by its outline: below 1 inside the particle. */
    double radius(double row, double col);

    /** Fluorescence texture blobs the drift alignment locks onto: row, col, radius, weight each. */
    double[][] texture();

    default boolean inside(double row, double col) {
        return radius(row, col) < 1;
    }

    /** Relative thickness along the beam: 1 at the centre, falling to 0 at the outline (a dome). */
    default double thickness(double row, double col) {
        double r = radius(row, col);
        return r >= 1 ? 0 : Math.sqrt(1 - r * r);
    }

    PlantedDomain domainAt(double row, double col);

    /** The smooth strain added to every domain's own strain. */
    double gradientStrain(double row, double col);

    /** Fluorescence signal at a sample point: thickness plus the texture blobs. */
    default double fluorescence(double row, double col) {
        double v = 100 * thickness(row, col);
        for (double[] b : texture()) {
            double dr = row - b[0], dc = col - b[1];
            v += b[3] * Math.exp(-(dr * dr + dc * dc) / (2 * b[2] * b[2]));
        }
        return v;
    }
}
