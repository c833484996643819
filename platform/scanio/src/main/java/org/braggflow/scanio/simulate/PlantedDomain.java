package org.braggflow.scanio.simulate;

/**
 * One planted domain: its label (as clusters are numbered), kind, lattice strain and tilts of its
 * peak's centre of mass, the width factor of its peak and, for a split peak, the half separation of
 * the two sub-peaks along the crystal y axis (relative to |h|) and the weight of the first sub-peak.
 * The sub-peaks sit at +2 splitHalf (1 - splitWeight) and -2 splitHalf splitWeight along y, so their
 * intensity-weighted centre of mass is the domain's own (strain, tilt) whatever the weights.
 */
public record PlantedDomain(int label, DomainKind kind, double strain, double tiltX, double tiltY,
                            double widthScale, double splitHalf, double splitWeight) {

    /** A domain whose split peak, if any, has two equal halves. */
    public PlantedDomain(int label, DomainKind kind, double strain, double tiltX, double tiltY,
                         double widthScale, double splitHalf) {
        this(label, kind, strain, tiltX, tiltY, widthScale, splitHalf, 0.5);
    }

    public PlantedDomain {
        if (!(splitWeight > 0 && splitWeight < 1)) throw new IllegalArgumentException("split weight must be in (0, 1)");
    }

    /** Distance between the two sub-peaks along crystal y, relative to |h| (0 when the peak is not split). */
    public double splitSeparation() {
        return 2 * splitHalf;
    }
}
