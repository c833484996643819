package org.braggflow.launcher.cli;

import picocli.CommandLine.Option;

/** The size of a simulated scan, shared by {@code simulate} and {@code demo}. */
final class ScanSizeOptions {

    @Option(names = "--rows", defaultValue = "32", description = "Scan rows (default ${DEFAULT-VALUE})")
    int rows;

    @Option(names = "--cols", defaultValue = "40", description = "Scan columns (default ${DEFAULT-VALUE})")
    int cols;

    @Option(names = "--angles", defaultValue = "15", description = "Rocking angles (default ${DEFAULT-VALUE})")
    int angles;
}
