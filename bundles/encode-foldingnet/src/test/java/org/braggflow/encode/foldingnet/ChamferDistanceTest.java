package org.braggflow.encode.foldingnet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class ChamferDistanceTest {

    @Test
    void sumsSquaredNearestDistancesBothWaysAndOverTheBatch() {
        double[][] inputs = {{0, 0, 0, 1, 0, 0}, {0, 0, 0, 0, 2, 0}};
        // cloud 0 reconstructed as one point (0,0,1): inputs to it 1 + 2, it to input 1 -> 4
        // cloud 1 reconstructed as one point (0,0,0): inputs 0 + 4, it 0 -> 4
        INDArray rec = NativeArrays.of(DataType.DOUBLE, new double[] {0, 0, 1, 0, 0, 0}, 2, 3);
        ChamferDistance.Result r = ChamferDistance.chamferDistance(rec, inputs, true);
        assertArrayEquals(new double[] {4, 4}, r.perCloud(), 1e-12);
        assertEquals(8, r.total(), 1e-12);
        // d/dy: cloud 0: 2(y - x0) twice (nearest of both inputs and of y) + 2(y - x1) -> (-2, 0, 6)
        assertArrayEquals(new double[] {-2, 0, 6, 0, -4, 0}, NativeArrays.toDoubles(r.gradient()), 1e-12);
    }
}
