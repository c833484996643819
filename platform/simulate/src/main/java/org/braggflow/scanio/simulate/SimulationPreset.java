package org.braggflow.scanio.simulate;

/**
 * Which sample a simulated scan shows. Written on the command line in kebab-case ({@code default},
 * {@code hard}).
 */
public enum SimulationPreset {
    /**
     * Five straight-edged Voronoi domains of similar size on an elliptical particle, a weak linear
     * strain gradient, peak widths of 1.2 rocking steps and 3 pixels: the scan many tests were tuned on.
     */
    DEFAULT,
    /**
     * Irregular particle, curved domains of 5-40 % of it in random places, a split peak with unequal
     * halves and the reference's centre of mass, a gradient of 15 % of the strained domain's strain;
     * peak widths and domain contrasts scale with the geometry ({@link HardSampleModel}).
     */
    HARD;

    /** The name as written on the command line and in truth files. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@code default} or {@code hard} (any case). */
    public static SimulationPreset parse(String text) {
        for (SimulationPreset p : values()) if (p.cliName().equalsIgnoreCase(text.trim())) return p;
        throw new IllegalArgumentException("preset must be default or hard, not '" + text + "'");
    }
}
