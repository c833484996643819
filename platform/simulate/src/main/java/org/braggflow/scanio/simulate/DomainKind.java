package org.braggflow.scanio.simulate;

/** The kinds of planted domain; each changes the shape of the Bragg peak in one way. */
public enum DomainKind {
    /** The unstrained reference crystal. */
    REFERENCE,
    /** Lattice expanded: the peak moves inwards along h (strain > 0). */
    STRAINED,
    /** Lattice rotated: the peak moves across h, in rocking angle and on the detector. */
    TILTED,
    /** Two sub-grains: the peak splits in two, symmetric about the reference. */
    SPLIT,
    /** Mosaic spread: the peak broadens in every direction. */
    BROADENED
}
