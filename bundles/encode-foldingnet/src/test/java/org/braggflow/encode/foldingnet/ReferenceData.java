package org.braggflow.encode.foldingnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reference data: the PyTorch checkpoint, its expected outputs and the two real clouds, copied
 * from the project's shared/data into src/test/resources/shared so a clean clone tests against them.
 */
final class ReferenceData {

    private ReferenceData() {
    }

    static Path shared() {
        Path p = Path.of(System.getProperty("braggflow.shared", "src/test/resources/shared"));
        if (!Files.isDirectory(p.resolve("data/foldingnet-reference"))) {
            throw new IllegalStateException("reference data not found under " + p.toAbsolutePath()
                    + " (set -Dbraggflow.shared to the shared/ folder)");
        }
        return p;
    }

    static Path reference(String file) {
        return shared().resolve("data/foldingnet-reference").resolve(file);
    }

    static double[] cloud(String name) throws IOException {
        return SourcePoints.read(shared().resolve("data/real-clouds").resolve(name + ".csv"));
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
