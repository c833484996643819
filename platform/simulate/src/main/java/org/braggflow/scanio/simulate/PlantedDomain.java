package org.braggflow.scanio.simulate;

/**
 * One planted domain: its label (as clusters are numbered), kind, lattice strain and tilts of its
 * peak's centre of mass, the width factor of its peak and, for a split peak, the half separation of
 * the two sub-peaks (relative to |h|), the weight of the first sub-peak and the direction of the split
 * in the crystal x-y plane ({@code splitAngleDeg} from x towards y; 90 = along y).
 * The sub-peaks sit at +2 splitHalf (1 - splitWeight) and -2 splitHalf splitWeight along that direction,
 * so their intensity-weighted centre of mass is the domain's own (strain, tilt) whatever the weights.
 */
public record PlantedDomain(int label, DomainKind kind, double strain, double tiltX, double tiltY,
                            double widthScale, double splitHalf, double splitWeight, double splitAngleDeg) {

    /** A domain whose split peak, if any, has two equal halves split along crystal y. */
    public PlantedDomain(int label, DomainKind kind, double strain, double tiltX, double tiltY,
                         double widthScale, double splitHalf) {
        this(label, kind, strain, tiltX, tiltY, widthScale, splitHalf, 0.5, 90);
    }

    public PlantedDomain {
        if (!(splitWeight > 0 && splitWeight < 1)) throw new IllegalArgumentException("split weight must be in (0, 1)");
    }

    /** Distance between the two sub-peaks, relative to |h| (0 when the peak is not split). */
    public double splitSeparation() {
        return 2 * splitHalf;
    }

    /** Offset (tilt_x, tilt_y) of the first sub-peak from the domain's centre; the second sits at -weight / (1 - weight) of it. */
    public double[] firstSubPeakOffset() {
        double a = Math.toRadians(splitAngleDeg), along = 2 * splitHalf * (1 - splitWeight);
        return new double[] {along * Math.cos(a), along * Math.sin(a)};
    }
}
