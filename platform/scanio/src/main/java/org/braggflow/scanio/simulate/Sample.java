package org.braggflow.scanio.simulate;

import java.util.List;

/**
 * A simulated particle in continuous sample coordinates (units of scan positions, row then column):
 * where it is, how thick, which planted domain sits where, the smooth strain added everywhere and the
 * fluorescence that drift alignment locks onto.
 */
interface Sample {

    List<PlantedDomain> domains();

    boolean inside(double row, double col);

    /** Relative thickness along the beam: up to 1 inside, 0 outside. */
    double thickness(double row, double col);

    PlantedDomain domainAt(double row, double col);

    /** The smooth strain added to every domain's own strain. */
    double gradientStrain(double row, double col);

    /** Fluorescence signal at a sample point. */
    double fluorescence(double row, double col);
}
