package org.braggflow.launcher.cli;

import picocli.CommandLine.Option;

/** The size of a simulated scan, shared by {@code simulate} and {@code demo}. */
final class ScanSizeOptions {

    /** The demo's scan: 32 x 40 positions, 15 angles, a 64 x 64 detector. */
    static final int ROWS = 32, COLS = 40, ANGLES = 15, DETECTOR = 64;

    @Option(names = "--rows", defaultValue = "" + ROWS, description = "Scan rows (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--cols", defaultValue = "" + COLS, description = "Scan columns (default ${DEFAULT-VALUE})")
    int cols;

    @Option(names = "--angles", defaultValue = "" + ANGLES, description = "Rocking angles (default ${DEFAULT-VALUE})")
    int angles;
}
