package org.braggflow.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad paths given to the commands: each is named with its problem and ends the command with exit 2
 * before any work (none of these start the platform, so none needs a distribution).
 */
class BadInputTest {

    @TempDir
    Path dir;

    private Path home() {
        return dir.resolve("home");
    }

    private Path workflow() throws Exception {
        return Files.writeString(dir.resolve("wf.yaml"), "id: wf\nstages:\n  - type: reader\n    use: auto\n");
    }

    private static void assertNamed(Cli r, String command, Path path, String problem) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("braggflow " + command + ": " + path + ": " + problem), r.err());
    }

    @Test
    void runWithAMissingScanNamesTheFileAndMakesNoResultsFolder() throws Exception {
        Path scan = dir.resolve("missing.h5");
        Cli r = Cli.run("--home", home().toString(), "run", workflow().toString(), scan.toString());
        assertNamed(r, "run", scan, "no such file or folder");
        assertFalse(Files.exists(home().resolve("results")), "no results folder for a scan that is not there");
    }

    @Test
    void runWithAnUnknownWorkflowSaysWhereItLooked() {
        Cli r = Cli.run("--home", home().toString(), "run", "no-such-workflow", dir.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("braggflow run: no workflow 'no-such-workflow': no such file, nor "
                + home().resolve("workflows").resolve("no-such-workflow.yaml")), r.err());
    }

    @Test
    void runWithResultsUnderAFileIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Cli r = Cli.run("--home", home().toString(), "run", workflow().toString(), dir.toString(), "--results", file.resolve("out").toString());
        assertNamed(r, "run", file.resolve("out"), "cannot be created, " + file + " is a file, not a folder");
    }

    @Test
    void workflowsValidateWithAMissingFile() {
        Path missing = dir.resolve("nope.yaml");
        assertNamed(Cli.run("--home", home().toString(), "workflows", "validate", missing.toString()), "workflows validate", missing,
                "no such file or folder");
    }

    @Test
    void workflowsValidateWithAFolder() {
        assertNamed(Cli.run("--home", home().toString(), "workflows", "validate", dir.toString()), "workflows validate", dir,
                "is a folder, a file is needed");
    }

    @Test
    void simulateWhereTheOutputsParentIsAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Path out = file.resolve("scan.h5");
        Cli r = Cli.run("simulate", "--out", out.toString());
        assertNamed(r, "simulate", out, "cannot be created, " + file + " is a file, not a folder");
    }

    @Test
    void evaluateWhereTheOutputFolderIsUnderAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        Cli r = Cli.run("--home", home().toString(), "evaluate", "--out", file.resolve("eval").toString());
        assertNamed(r, "evaluate", file.resolve("eval"), "cannot be created, " + file + " is a file, not a folder");
    }

    @Test
    void encodeWithMissingInput() {
        Path missing = dir.resolve("clouds");
        Cli r = Cli.run("--home", home().toString(), "encode", "--model", "m1", "--input", missing.toString(), "--output",
                dir.resolve("f.csv").toString());
        assertNamed(r, "encode", missing, "no such file or folder");
    }

    @Test
    void encodeWithAnInputThatIsNoCloudFile() throws Exception {
        Path text = Files.writeString(dir.resolve("cloud.txt"), "1 2 3\n");
        Cli r = Cli.run("--home", home().toString(), "encode", "--model", "m1", "--input", text.toString(), "--output",
                dir.resolve("f.csv").toString());
        assertNamed(r, "encode", text, "unknown cloud format (use .ply or .csv)");
    }

    @Test
    void modelsImportWithAMissingCheckpoint() {
        Path missing = dir.resolve("model.pth");
        Cli r = Cli.run("--home", home().toString(), "models", "import", missing.toString(), "--config", dir.resolve("c.json").toString());
        assertNamed(r, "models import", missing, "no such file or folder");
    }

    @Test
    void runsWithAMissingResultsFolder() {
        Path missing = dir.resolve("results");
        assertNamed(Cli.run("--home", home().toString(), "runs", "--results", missing.toString()), "runs", missing, "no such file or folder");
    }

    @Test
    void anUnexpectedMissingFileIsNamedWithItsProblem() {
        assertEquals("/data/x.h5: no such file or folder", Main.message(new NoSuchFileException("/data/x.h5")));
        assertEquals("/data/x.h5: locked", Main.message(new java.nio.file.FileSystemException("/data/x.h5", null, "locked")));
    }

    @Test
    void writablePathsAreNotCreatedByTheCheck() {
        Path deep = dir.resolve("a/b/c.csv");
        assertEquals(deep, InputPaths.writable(deep));
        assertFalse(Files.exists(dir.resolve("a")));
    }
}
