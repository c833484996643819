package org.braggflow.launcher.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.braggflow.api.cloud.PointCloud;

/**
 * The authors' FoldingNet in PyTorch (Debian's python3-torch, installed by scripts/bench.sh) timed on
 * the clouds the encoder bench gives ours, with the same network settings, batch and epochs, on every
 * core, inside one Python process so that loading is not counted (foldingnet_torch.py says what is
 * timed). Given the reference checkpoint's folder, the script first shows that the checkpoint
 * reproduces the reference codewords, i.e. that the peer is the authors' network.
 */
final class TorchPeer {

    private static final Pattern FIGURE = Pattern.compile("(reference codeword max relative difference|encode_ms|train_ms) ([0-9.eE+-]+)");

    /** What the peer measured; NaN where it measured nothing. */
    record Figures(double encodeMs, double trainMs, double referenceDifference) {
    }

    private TorchPeer() {
    }

    /** Debian's torch version, or empty when python3-torch is not installed. */
    static String version() {
        return DebianPython.moduleVersion("torch");
    }

    /**
     * Runs the peer on {@code clouds} (all of the same size).
     *
     * @param localMatrix covariance or outer-product, as our encoder was set
     * @param reference   the reference checkpoint's folder to check against, or null
     */
    static Figures run(List<PointCloud> clouds, int k, int features, int batch, int repeats, int epochs, String localMatrix,
                       Path reference) throws IOException, InterruptedException {
        try (DebianPython.Workspace ws = new DebianPython.Workspace("foldingnet_torch.py")) {
            List<float[]> xyz = clouds.stream().map(PointCloud::xyz).toList();
            Path cloudFile = ws.writeFloats("clouds.f32", xyz), sourceFile = ws.writeFloats("source.f32", List.of(gaussianSource()));
            List<String> command = new java.util.ArrayList<>(List.of(DebianPython.PYTHON.toString(), ws.script.toString(), cloudFile.toString(),
                    String.valueOf(clouds.size()), String.valueOf(k), String.valueOf(features), String.valueOf(batch), String.valueOf(repeats),
                    String.valueOf(epochs), localMatrix, sourceFile.toString()));
            if (reference != null) command.add(reference.toString());
            Process proc = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(proc.getInputStream().readAllBytes());
            double encode = Double.NaN, train = Double.NaN, difference = Double.NaN;
            Matcher m = FIGURE.matcher(out);
            while (m.find()) {
                double v = Double.parseDouble(m.group(2));
                switch (m.group(1)) {
                    case "encode_ms" -> encode = v;
                    case "train_ms" -> train = v;
                    default -> difference = v;
                }
            }
            if (proc.waitFor() != 0 || Double.isNaN(train)) {
                System.out.printf("    PyTorch peer failed: %s%n", out.strip());
            }
            return new Figures(encode, train, difference);
        }
    }

    /**
     * 2025 source points of a 3-D Gaussian, as many as our encoder's default source; their values
     * change neither side's work.
     */
    private static float[] gaussianSource() {
        Random random = new Random(2025);
        float[] xyz = new float[3 * 2025];
        for (int i = 0; i < xyz.length; i++) xyz[i] = (float) (0.07 * random.nextGaussian());
        return xyz;
    }
}
