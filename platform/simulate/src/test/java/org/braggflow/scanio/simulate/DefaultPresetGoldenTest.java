package org.braggflow.scanio.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.braggflow.scanio.write.ScanWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default preset is what many tests elsewhere were tuned on: its frames, monitors, fluorescence
 * maps and truth must stay bit for bit the same when presets are added. The checksums were taken
 * from the simulator before the hard preset existed.
 */
class DefaultPresetGoldenTest {

    static final List<String> LATER_FIELDS = List.of("preset", "peak_sigma", "gradient_amplitude", "gradient_strain");
    static final List<String> LATER_DOMAIN_FIELDS = List.of("split_weight", "split_separation", "split_angle_deg", "share");

    /** CRC-32 of every float written, in the order written. */
    static final class Checksum implements ScanWriter {
        final CRC32 crc = new CRC32();

        private void add(float[] values) {
            if (values == null) return;
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length);
            for (float v : values) b.putFloat(v);
            crc.update(b.array());
        }

        @Override
        public void frame(int angle, int row, int col, float[] frame) {
            add(frame);
        }

        @Override
        public void endAngle(int angle, float[] monitor, float[] xrf) {
            add(monitor);
            add(xrf);
        }

        @Override
        public void close() {
        }
    }

    /** The truth file re-serialised without the fields added after the checksum was taken. */
    static byte[] withoutLaterFields(Path truth) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = (ObjectNode) json.readTree(truth.toFile());
        root.remove(LATER_FIELDS);
        for (JsonNode d : root.get("domains")) ((ObjectNode) d).remove(LATER_DOMAIN_FIELDS);
        return json.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theDefaultPresetWritesTheSameScanAndTruthAsBefore(@TempDir Path dir) throws IOException {
        ScanSimulator sim = new ScanSimulator(SimulationSpec.of(10, 12, 5, 24, 20, 7, 1.5));
        Checksum frames = new Checksum();
        sim.write(frames);
        Path truth = dir.resolve("t.json");
        sim.truth().write(truth);
        CRC32 t = new CRC32();
        t.update(withoutLaterFields(truth));
        assertEquals(1577673798L, frames.crc.getValue(), "frames, monitors and fluorescence maps");
        assertEquals(3540048051L, t.getValue(), "truth JSON");
    }
}
