package org.braggflow.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.launcher.cli.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The bench tool as the distribution runs it: the launcher, compiled without this module, finds
 * {@code bench} on the class path and hands it the inherited {@code --home}; and the cloud distances
 * the denoising figures print, checked against values worked by hand.
 */
class BenchCommandTest {

    @Test
    void theSolidPeakIsAFilledEllipsoidOfAboutFourAndAHalfThousandVoxels() {
        float[] peak = BenchCommand.solidPeak(1);
        int n = peak.length / 3;
        assertTrue(n > 3500 && n < 5500, n + " voxels");
        boolean centre = false;
        for (int i = 0; i < n; i++) {
            float a = peak[3 * i], r = peak[3 * i + 1], c = peak[3 * i + 2];
            centre |= a == 0 && r == 0 && c == 0;
            // above 5 % of the maximum means inside about 2.45 spreads, noise allowing a little more
            assertTrue(a * a / 16 + r * r / 25 + c * c / 12.25 < 3.2 * 3.2, "voxel " + a + ", " + r + ", " + c);
        }
        assertTrue(centre, "the centre voxel is kept");
        assertEquals(n, BenchCommand.solidPeak(1).length / 3, "the same seed gives the same peak");
    }

    @Test
    void launcherFindsBenchOnTheClassPathAndPassesItsHome() {
        CommandLine cli = Main.commandLine();
        CommandLine bench = cli.getSubcommands().get("bench");
        assertInstanceOf(BenchCommand.class, bench.getCommand(), "bench registered through ServiceLoader");
        cli.parseArgs("--home", "/tmp/bench-home-test", "bench", "--only", "index,sor", "--repeats", "3");
        BenchCommand command = bench.getCommand();
        assertEquals(Path.of("/tmp/bench-home-test"), command.main.home().root());
        assertEquals(3, command.repeats);
        assertEquals(java.util.Set.of("index", "sor"), command.only);
        String usage = bench.getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertTrue(usage.contains("--train-epochs"), usage);
        assertTrue(usage.contains("--torch-reference"), usage);
        assertFalse(usage.contains("%n"), usage);
    }

    @Test
    void scaleRunsTheScaleAndAHundredGigabyteVirtualScanUnlessToldOtherwise() {
        BenchCommand plain = new BenchCommand();
        new picocli.CommandLine(plain).parseArgs("--scale");
        plain.applyScale();
        assertEquals(java.util.Set.of("scale", "virtual"), plain.only);
        assertEquals(100, plain.virtualGb);
        BenchCommand sized = new BenchCommand();
        new picocli.CommandLine(sized).parseArgs("--scale", "--only", "scale", "--virtual-gb", "2");
        sized.applyScale();
        assertEquals(java.util.Set.of("scale"), sized.only);
        assertEquals(2, sized.virtualGb);
    }

    @Test
    void keptIndicesFollowTheKeptPointsThroughTheInput() {
        // a repeated point: the first occurrence that matches is taken, in order
        float[] in = {0, 0, 0, 1, 1, 1, 2, 2, 2, 1, 1, 1, 3, 3, 3};
        float[] kept = {1, 1, 1, 1, 1, 1, 3, 3, 3};
        assertEquals(java.util.List.of(1, 3, 4), Open3dPeer.keptIndices(in, kept));
        assertEquals(java.util.List.of(), Open3dPeer.keptIndices(in, new float[0]));
    }

    /**
     * The PyTorch peer of the encoder bench is the authors' network: the reference checkpoint loaded into
     * it gives the reference codewords of the two real clouds (to 1e-4 of the largest value, as
     * ReferenceImportTest holds ours), and it times a small network on small clouds. Needs Debian's
     * python3-torch (scripts/bench.sh installs it); skipped where it is not installed.
     */
    @Test
    void thePyTorchPeerIsTheReferenceNetworkAndTimesEncodingAndTraining() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(TorchPeer.version().isEmpty(), "python3-torch not installed");
        Path reference = Path.of("../../bundles/encode-foldingnet/src/test/resources/fixtures/data/foldingnet-reference");
        assertTrue(java.nio.file.Files.isRegularFile(reference.resolve("checkpoint.pt")), reference.toAbsolutePath().toString());
        java.util.Random random = new java.util.Random(3);
        java.util.List<PointCloud> clouds = new java.util.ArrayList<>();
        for (int c = 0; c < 4; c++) {
            float[] xyz = new float[3 * 128];
            for (int i = 0; i < xyz.length; i++) xyz[i] = (float) random.nextGaussian();
            clouds.add(new PointCloud(0, c, xyz, null));
        }
        TorchPeer.Figures f = TorchPeer.run(clouds, 8, 16, 2, 1, 1, "covariance", reference);
        assertTrue(f.referenceDifference() <= 1e-4, "reference codewords differ by " + f.referenceDifference());
        assertTrue(f.encodeMs() > 0 && f.trainMs() > 0, f.toString());
    }

    @Test
    void cloudDistancesMatchHandWorkedValues() {
        // (0,0,0),(2,0,0) against (0,1,0): a->b = (1 + sqrt 5)/2, b->a = 1
        PointCloud a = cloud(0, 0, 0, 2, 0, 0), b = cloud(0, 1, 0);
        assertEquals((1 + Math.sqrt(5)) / 2 + 1, BenchCommand.chamfer(a, b), 1e-6);
        // points 3, 3, 4, 4 from their centroid (the origin): sqrt(50 / 4)
        assertEquals(Math.sqrt(12.5), BenchCommand.rmsRadius(cloud(3, 0, 0, -3, 0, 0, 0, 4, 0, 0, -4, 0)), 1e-6);
        // every point moved by (3, 4, 0): median shift 5
        assertEquals(5.0, BenchCommand.medianShift(cloud(0, 0, 0, 1, 1, 1, 5, 5, 5), cloud(3, 4, 0, 4, 5, 1, 8, 9, 5)), 1e-6);
    }

    private static PointCloud cloud(float... xyz) {
        return new PointCloud(0, 0, xyz, null);
    }
}
