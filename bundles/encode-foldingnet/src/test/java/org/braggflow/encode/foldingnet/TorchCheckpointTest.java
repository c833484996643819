package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** Reading PyTorch zip checkpoints, and mapping the reference state dict onto the network. */
class TorchCheckpointTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(TorchCheckpointTest.class.getResource(name).toURI());
    }

    @Test
    void readsTheReferenceStateDictInFileOrder() throws IOException {
        Map<String, TorchCheckpoint.Tensor> sd = TorchCheckpoint.readStateDict(ReferenceData.reference("checkpoint.pt"));
        assertEquals(30, sd.size());
        assertEquals(List.of("encoder.mlp1.0.weight", "encoder.mlp1.0.bias", "encoder.mlp1.2.weight"),
                sd.keySet().stream().limit(3).toList());
        TorchCheckpoint.Tensor conv1 = sd.get("encoder.conv1.weight");
        assertArrayEquals(new int[] {128, 64, 1}, conv1.shape());
        // values as torch.load reads them
        assertEquals(-0.03865179419517517, conv1.values()[5 * 64 + 17], 0);
        double sum = 0;
        for (float v : conv1.values()) sum += v;
        assertEquals(1.31253182888031, sum, 1e-6);
        assertArrayEquals(new float[] {0.026544295251369476f, -0.0361722968518734f, 0.004315163008868694f},
                sd.get("decoder.folding2.4.bias").values());
        assertArrayEquals(new int[] {64, 64}, sd.get("encoder.linear1.weight").shape());
    }

    @Test
    void followsStridesAndOffsetsOfViewsSharingOneStorage() throws Exception {
        // torch.save of base = arange(24).reshape(4, 6): base.t(), base[1:3, 2:5], and a float64 tensor
        Map<String, TorchCheckpoint.Tensor> sd = TorchCheckpoint.readStateDict(resource("strided.pt"));
        TorchCheckpoint.Tensor t = sd.get("transposed");
        assertArrayEquals(new int[] {6, 4}, t.shape());
        assertArrayEquals(new float[] {0, 6, 12, 18, 1, 7, 13, 19}, java.util.Arrays.copyOf(t.values(), 8));
        TorchCheckpoint.Tensor s = sd.get("sliced");
        assertArrayEquals(new int[] {2, 3}, s.shape());
        assertArrayEquals(new float[] {8, 9, 10, 14, 15, 16}, s.values());
        assertArrayEquals(new float[] {1.5f, -2.25f}, sd.get("wide").values());
    }

    @Test
    void rejectsWhatIsNotAPlainStateDict(@TempDir Path dir) throws Exception {
        IOException notTensor = assertThrows(IOException.class, () -> TorchCheckpoint.readStateDict(resource("not-a-state-dict.pt")));
        assertTrue(notTensor.getMessage().contains("'step'"), notTensor.getMessage());

        Path zip = dir.resolve("empty.pt");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("x/version"));
            out.write('3');
        }
        assertThrows(IOException.class, () -> TorchCheckpoint.readStateDict(zip));

        Path evil = dir.resolve("evil.pt");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(evil))) {
            out.putNextEntry(new ZipEntry("evil/data.pkl"));
            // protocol 2: GLOBAL os.system, ('echo',), REDUCE, STOP: never run, only read as data
            out.write(new byte[] {(byte) 0x80, 2});
            out.write("cos\nsystem\n".getBytes());
            out.write(new byte[] {'X', 4, 0, 0, 0});
            out.write("echo".getBytes());
            out.write(new byte[] {(byte) 0x85, 'R', '.'});
        }
        IOException e = assertThrows(IOException.class, () -> TorchCheckpoint.readStateDict(evil));
        assertTrue(e.getMessage().contains("os.system"), e.getMessage());
    }

    @Test
    void aCheckpointThatDoesNotFitTheConfigurationIsRejectedNamingTheTensor() throws IOException {
        Map<String, TorchCheckpoint.Tensor> sd = TorchCheckpoint.readStateDict(ReferenceData.reference("checkpoint.pt"));
        FoldingNetConfig smaller = new FoldingNetConfig(2048, 32, 256, SourceShape.FILE, 3, LocalMatrix.OUTER_PRODUCT, NeighbourOrder.REFERENCE);
        try (FoldingNet net = new FoldingNet(smaller, SourcePoints.gaussian(1), DataType.FLOAT)) {
            IOException e = assertThrows(IOException.class, () -> CheckpointImport.assign(sd, net));
            assertEquals("checkpoint tensor 'encoder.mlp2.0.weight' has shape [512, 1024, 1] but the configuration needs [256, 1024, 1]",
                    e.getMessage());
        }
        FoldingNetConfig plane = new FoldingNetConfig(2048, 32, 512, SourceShape.PLANE, 2, LocalMatrix.OUTER_PRODUCT, NeighbourOrder.REFERENCE);
        try (FoldingNet net = new FoldingNet(plane, SourcePoints.plane(), DataType.FLOAT)) {
            IOException e = assertThrows(IOException.class, () -> CheckpointImport.assign(sd, net));
            assertEquals("checkpoint tensor 'decoder.folding1.0.weight' has shape [512, 515, 1] but the configuration needs [512, 514, 1]",
                    e.getMessage());
        }
    }
}
