package org.braggflow.scanio.simulate;

/**
 * One planted domain: its label (as clusters are numbered), kind, lattice strain and tilts of its
 * peak's centre of mass, the width factor of its peak and, for a split peak, the half separation of
 * the two sub-peaks along the crystal y axis (relative to |h|).
 */
public record PlantedDomain(int label, DomainKind kind, double strain, double tiltX, double tiltY,
                            double widthScale, double splitHalf) {
}
