package org.braggflow.launcher.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.braggflow.scanio.simulate.SimulationPreset;
import org.braggflow.scanio.simulate.SimulationSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimulateCommandTest {

    static SimulationSpec parse(String... args) {
        SimulateCommand command = new SimulateCommand();
        new CommandLine(command).parseArgs(args);
        return command.spec();
    }

    @Test
    void theDefaultPresetKeepsItsSizeAndThePapersGeometry() {
        SimulationSpec spec = parse("--out", "x.h5");
        assertEquals(SimulationSpec.of(32, 40, 15, 64, 64, 1, 1.0), spec);
    }

    @Test
    void theHardPresetPicksItsOwnSizeWhereNoneIsGiven() {
        SimulationSpec spec = parse("--out", "x.h5", "--preset", "hard", "--cols", "36");
        assertEquals(SimulationPreset.HARD, spec.preset());
        assertEquals(24, spec.rows());
        assertEquals(36, spec.cols());
        assertEquals(15, spec.angles());
        assertEquals(SimulationSpec.hard(24, 36, 15, 64, 64, 1), spec);
    }

    @Test
    void everyGeometryValueIsAnOption() {
        SimulationSpec spec = parse("--out", "x", "--preset", "hard", "--angles", "21", "--det", "128", "96", "--energy", "9.5",
                "--distance", "1.2", "--pixel", "75", "--delta", "30", "--gamma", "-5", "--angle-range", "2.0", "--angle-centre", "10", "--seed", "4");
        assertEquals(9.5, spec.geometry().energyKev());
        assertEquals(1.2, spec.geometry().detectorDistanceM());
        assertEquals(75, spec.geometry().pixelSizeUm());
        assertEquals(30, spec.geometry().deltaDeg());
        assertEquals(-5, spec.geometry().gammaDeg());
        assertEquals(0.1, spec.angleStepDeg(), 1e-15);
        assertEquals(9.0, spec.anglesDeg()[0], 1e-12);
        assertEquals(11.0, spec.anglesDeg()[20], 1e-12);
        assertEquals(128, spec.detRows());
        assertEquals(96, spec.detCols());
        assertEquals(0.05, parse("--out", "x", "--angle-step", "0.05").angleStepDeg());
        assertThrows(IllegalArgumentException.class, () -> parse("--out", "x", "--angle-step", "0.05", "--angle-range", "1"));
        assertThrows(IllegalArgumentException.class, () -> parse("--out", "x", "--preset", "easy"));
        assertThrows(IllegalArgumentException.class, () -> parse("--out", "x", "--delta", "0", "--gamma", "0"));
    }

    @Test
    void aHardScanAndItsTruthAreWritten(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("scan");
        int rc = new CommandLine(new SimulateCommand()).execute("--out", out.toString(), "--format", "tiff", "--preset", "hard",
                "--rows", "8", "--cols", "10", "--angles", "5", "--det", "16", "16", "--seed", "2");
        assertEquals(0, rc);
        JsonNode truth = Json.MAPPER.readTree(dir.resolve("scan.truth.json").toFile());
        assertEquals("hard", truth.get("preset").asText());
        assertEquals(5, truth.get("domains").size());
        assertEquals(5, truth.get("angles_deg").size());
        assertEquals(true, Files.exists(out.resolve("scan.json")));
    }

    @Test
    void anUnknownCompressionIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) {
        Path out = dir.resolve("scan");
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        int rc;
        try {
            rc = new CommandLine(new SimulateCommand()).execute("--out", out.toString(), "--format", "areadetector", "--compression", "zstd");
        } finally {
            System.setErr(err);
        }
        assertEquals(2, rc);
        assertTrue(captured.toString().contains("--compression must be deflate, lz4 or none, not 'zstd'"), captured.toString());
        assertFalse(Files.exists(out));
    }
}
