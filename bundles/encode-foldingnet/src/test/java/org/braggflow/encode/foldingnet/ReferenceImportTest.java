package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The imported reference checkpoint reproduces the reference PyTorch outputs on the two real clouds. */
class ReferenceImportTest {

    private static FoldingNet net;

    @BeforeAll
    static void load() throws IOException {
        net = CheckpointImport.load(ReferenceData.reference("checkpoint.pt"), ReferenceData.reference("config.json"),
                ReferenceData.reference("source-points-gaussian.csv"));
    }

    @AfterAll
    static void close() {
        net.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"pixel-150", "pixel-1050"})
    void codewordReconstructionAndChamferMatchTheReference(String name) throws IOException {
        double[] cloud = ReferenceData.cloud(name);
        double[] expectedCode = ReferenceData.codeword(name);
        double[] expectedRec = ReferenceData.numbers(ReferenceData.reference(name + ".reconstruction.csv"));
        double expectedLoss = ReferenceData.chamfer(name);

        long t0 = System.nanoTime();
        double[] code, rec;
        try (FoldingNet.Input in = net.input(List.of(cloud))) {
            INDArray c = net.codewords(in);
            INDArray r = net.reconstruct(c);
            code = NativeArrays.toDoubles(c);
            rec = NativeArrays.toDoubles(r);
            c.close();
            r.close();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        double loss = ChamferDistance.chamferDistance(cloud, rec);

        double codeDiff = ReferenceData.maxAbsDiff(code, expectedCode), codeMax = ReferenceData.maxAbs(expectedCode);
        double recDiff = ReferenceData.maxAbsDiff(rec, expectedRec), recMax = ReferenceData.maxAbs(expectedRec);
        System.out.printf("%s: codeword max|diff| %.3g (max|value| %.3g), reconstruction %.3g (%.3g), chamfer %.9g vs %.9g (rel %.3g), forward %d ms%n",
                name, codeDiff, codeMax, recDiff, recMax, loss, expectedLoss, Math.abs(loss - expectedLoss) / expectedLoss, ms);
        assertTrue(codeDiff <= 1e-4 * codeMax, "codeword max|diff| " + codeDiff);
        assertTrue(recDiff <= 1e-4 * recMax, "reconstruction max|diff| " + recDiff);
        assertEquals(expectedLoss, loss, 1e-4 * expectedLoss);
    }
}
