package org.braggflow.encode.foldingnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference data, kept in the repository under src/test/resources/fixtures: a seeded PyTorch
 * FoldingNet checkpoint with its expected outputs, and two real point clouds from a beamline scan.
 */
final class ReferenceData {

    private ReferenceData() {
    }

    static Path fixtures() {
        Path p = Path.of(System.getProperty("braggflow.fixtures", "src/test/resources/fixtures"));
        if (!Files.isDirectory(p.resolve("data/foldingnet-reference"))) {
            throw new IllegalStateException("reference data not found under " + p.toAbsolutePath()
                    + " (set -Dbraggflow.fixtures to the fixtures folder)");
        }
        return p;
    }

    static Path reference(String file) {
        return fixtures().resolve("data/foldingnet-reference").resolve(file);
    }

    static double[] cloud(String name) throws IOException {
        return SourcePoints.read(fixtures().resolve("data/real-clouds").resolve(name + ".csv"));
    }

    static double[] numbers(Path file) throws IOException {
        return SourcePoints.read(file);
    }

    static double[] codeword(String name) throws IOException {
        String[] parts = Files.readString(reference(name + ".codeword.csv")).strip().split("\\s*,\\s*");
        double[] v = new double[parts.length];
        for (int i = 0; i < v.length; i++) v[i] = Double.parseDouble(parts[i]);
        return v;
    }

    static double chamfer(String name) throws IOException {
        return Double.parseDouble(Files.readString(reference(name + ".chamfer.txt")).strip());
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    static double maxAbsDiff(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException(a.length + " vs " + b.length + " values");
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
