package org.braggflow.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.clouds.CloudFiles;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.workflow.ParameterMigrations;
import org.braggflow.launcher.workflow.ParameterMigrations.Migration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands that call a deployed stage, run in this process on a real platform whose only stage bundle is
 * {@code denoiser/keep-share} ({@link TestDistribution}): the stage is checked before the files, and
 * {@code help stage} prints the stage's declaration.
 */
class StageCommandsTest {

    @TempDir
    static Path dir;

    private static TestDistribution dist;
    private static Path home;

    @BeforeAll
    static void distribution() throws Exception {
        dist = TestDistribution.create(dir.resolve("dist"));
        home = dir.resolve("home");
    }

    @AfterAll
    static void restore() {
        dist.close();
    }

    private static Cli braggflow(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--home";
        all[1] = home.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return Cli.run(all);
    }

    @Test
    void denoiseWithAnUnknownDenoiserSaysSoBeforeLookingAtTheFiles() {
        Cli r = braggflow("denoise", "--use", "nope", dir.resolve("missing.ply").toString(), dir.resolve("out.ply").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("braggflow denoise: unknown denoiser 'nope': deployed denoiser stages are keep-share"), r.err());
        assertFalse(r.err().contains("missing.ply"), r.err());
    }

    @Test
    void denoiseWithAMissingInputNamesIt() {
        Path missing = dir.resolve("missing.ply");
        Cli r = braggflow("denoise", "--use", "keep-share", missing.toString(), dir.resolve("out.ply").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("braggflow denoise: " + missing + ": no such file or folder"), r.err());
    }

    @Test
    void denoiseWithAnOutputOfNoCloudFormatStopsBeforeDenoising() throws Exception {
        Path in = cloud("in.csv", 10);
        Path out = dir.resolve("out.txt");
        Cli r = braggflow("denoise", "--use", "keep-share", in.toString(), out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(out + ": unknown cloud format (use .ply or .csv)"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void denoiseRunsTheStageAndPrintsEnumsAsWorkflowsWriteThem() throws Exception {
        Path in = cloud("ten.csv", 10);
        Path out = dir.resolve("kept.csv");
        Cli r = braggflow("denoise", "--use", "keep-share", "--set", "count=absolute", "--set", "keep=3", in.toString(), out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(3, CloudFiles.read(out).size());
        assertTrue(r.out().contains("count=absolute"), r.out());
        assertFalse(r.out().contains("ABSOLUTE"), r.out());
    }

    @Test
    void trainWithAnUnknownEncoderSaysSoBeforeLookingAtTheInput() {
        Cli r = braggflow("train", "--use", "nope", "--input", dir.resolve("no-clouds").toString(), "--model-out", "m1");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("braggflow train: unknown encoder 'nope': deployed encoder stages are none"), r.err());
        assertFalse(r.err().contains("no-clouds"), r.err());
    }

    @Test
    void helpStagePrintsTheDescriptionAndTheParameterTable() {
        Cli r = braggflow("help", "stage", TestDistribution.STAGE);
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("denoiser/keep-share  (bundle org.braggflow.test.keepshare 0.0.1)", lines.get(0));
        assertEquals("Keeps the first points of a cloud (a test stage)", lines.get(1));
        assertEquals("  NAME   TYPE    DEFAULT           UNIT             ALLOWED", lines.get(4));
        assertEquals("  count  choice  fraction-of-size                   fraction-of-size|absolute", lines.get(5));
        assertTrue(lines.get(6).startsWith("      How keep is read: fraction-of-size"), lines.get(6));
        assertEquals("  keep   number  0.5               share or points  [0, inf]", lines.get(7));
        // the bare name, when only one type has it
        assertEquals(r.out(), braggflow("help", "stage", "keep-share").out());
    }

    @Test
    void helpStageOfAnUnknownStageListsTheDeployedOnes() {
        Cli r = braggflow("help", "stage", "denoiser/nope");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("braggflow help: no stage 'denoiser/nope' is deployed; deployed stages: denoiser/keep-share"), r.err());
    }

    @Test
    void helpOfCommandsStillPrintsTheirUsage() {
        Cli r = braggflow("help", "models", "import");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("Usage: braggflow models import"), r.out());
        assertTrue(braggflow("help").out().startsWith("Usage: braggflow"));
        Cli bad = braggflow("help", "frobnicate");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("braggflow help: no command 'frobnicate'"), bad.err());
    }

    @Test
    void setWithARenamedParameterSaysWhatToWriteInstead() throws Exception {
        ParameterMigrations table = new ParameterMigrations(List.of(new Migration(TestDistribution.STAGE, "share", "keep", "0.0.1", "")));
        StageOptions options = new StageOptions();
        options.settings = List.of("share=0.3");
        try (Platform platform = Platform.start(new BraggflowHome(home), Distribution.fromSystemProperty())) {
            BadInputException e = assertThrows(BadInputException.class,
                    () -> options.bind(platform.stages(), "denoiser", "keep-share", Duration.ZERO, table));
            assertEquals("parameter 'share' of denoiser/keep-share was renamed to 'keep' in 0.0.1", e.getMessage());
            options.settings = List.of("keep=0.3");
            assertEquals(0.3, options.bind(platform.stages(), "denoiser", "keep-share", Duration.ZERO, table).parameters().values().get("keep"));
        }
    }

    private static Path cloud(String name, int points) throws Exception {
        float[] xyz = new float[3 * points];
        for (int i = 0; i < xyz.length; i++) xyz[i] = i;
        Path f = dir.resolve(name);
        CloudFiles.write(new PointCloud(0, 0, xyz, null), f);
        return f;
    }
}
