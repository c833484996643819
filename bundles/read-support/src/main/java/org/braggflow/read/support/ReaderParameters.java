package org.braggflow.read.support;

import org.braggflow.api.stage.Parameter;

/** Parameters every scan reader takes; reader stages declare this annotation as their parameters. */
public @interface ReaderParameters {

    /** Where drift shifts come from. */
    enum Alignment { AUTO, XRF, INTENSITY, NONE }

    @Parameter(doc = "Drift correction: auto (XRF maps when present, else summed diffraction intensity), xrf, intensity or none")
    Alignment alignment() default Alignment.AUTO;

    @Parameter(doc = "Particle mask threshold on the position's summed intensity over all angles; 0 = automatic (Otsu on log intensity)",
            unit = "counts / monitor", min = 0)
    double maskThreshold() default 0;

    @Parameter(doc = "Classes of the automatic mask threshold: 3 = the lowest of three-class Otsu, which keeps a particle's faint "
            + "positions when one domain is much brighter than the rest (large detectors, where background fills most of each frame); "
            + "2 = Otsu's background / particle split", unit = "classes", min = 2, max = 3)
    int maskClasses() default 3;

    @Parameter(doc = "Divide every frame by the incident-flux monitor when the scan has one")
    boolean normaliseMonitor() default true;

    @Parameter(doc = "Replace detector pixels that read high in all frames by the median of their neighbours")
    boolean removeHotPixels() default true;

    @Parameter(doc = "A pixel is hot when its summed counts exceed this multiple of its 3x3 neighbourhood median",
            unit = "x neighbourhood", min = 2, max = 1e6)
    double hotPixelRatio() default 20;

    @Parameter(doc = "How a drift-corrected position's frame is taken from the scan grid: nearest (the frame of the nearest "
            + "position at each angle, so a volume never mixes two positions) or bilinear (a blend of the four nearest, smoother "
            + "maps but every position beside a domain boundary then carries a mixed peak)")
    Resampling resampling() default Resampling.NEAREST;

    /** How drift-corrected frames are taken from the grid. */
    enum Resampling { NEAREST, BILINEAR }
}
