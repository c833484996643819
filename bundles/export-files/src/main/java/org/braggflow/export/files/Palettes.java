package org.braggflow.export.files;

import java.awt.Color;

/**
 * Colour maps. Continuous maps use viridis (perceptually uniform, readable in grey and by colour-blind
 * readers), interpolated between anchor colours sampled from it; categorical maps (clusters) use a
 * qualitative palette of distinguishable colours.
 */
final class Palettes {

    /** Viridis at 0, 1/8, ..., 1. */
    private static final int[] VIRIDIS = {0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21918C, 0x28AE80, 0x5EC962, 0xADDC30, 0xFDE725};

    /** Twelve distinguishable colours for domains. */
    private static final int[] CATEGORIES = {0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F,
        0xBCBD22, 0x17BECF, 0x393B79, 0xAD494A};

    static final Color UNDEFINED = new Color(0xE0E0E0);

    private Palettes() {
    }

    /** Viridis at t in [0, 1]. */
    static Color viridis(double t) {
        if (!Double.isFinite(t)) return UNDEFINED;
        double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) Math.floor(x));
        double f = x - i;
        Color a = new Color(VIRIDIS[i]), b = new Color(VIRIDIS[i + 1]);
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }

    static Color category(int label) {
        return label < 0 ? UNDEFINED : new Color(CATEGORIES[label % CATEGORIES.length]);
    }
}
