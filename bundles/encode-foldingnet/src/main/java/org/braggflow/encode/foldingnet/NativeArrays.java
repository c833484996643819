package org.braggflow.encode.foldingnet;

import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Element access to ND4J arrays for the few kernels written in Java (neighbour max-pooling, the
 * Chamfer distance, ReLU backward): a view of the array's native memory, so nothing is copied. The
 * network runs in float32; gradient checks run the same kernels in float64.
 */
final class NativeArrays {

    /**
     * One block of native memory reused by every training step or encoding batch: sized in the first
     * pass, then handed out again from its start on each pass. Nothing of a pass outlives it, so
     * memory stays flat without waiting for the garbage collector, and the pages are touched once
     * (fresh allocations of tens of megabytes cost more in page faults than the arithmetic on them).
     */
    private static final WorkspaceConfiguration PASS_MEMORY = WorkspaceConfiguration.builder()
            .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.1)
            .policyLearning(LearningPolicy.FIRST_LOOP).policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE).build();

    private NativeArrays() {
    }

    /** Opens the calling thread's reusable memory block {@code name} for one pass; close it after the pass. */
    static MemoryWorkspace passMemory(String name) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(PASS_MEMORY, name);
    }

    /** Elements of a dense array, read and written as doubles. */
    interface Values {
        double get(int i);

        void set(int i, double v);
    }

    private record FloatValues(FloatBuffer b) implements Values {
        @Override
        public double get(int i) {
            return b.get(i);
        }

        @Override
        public void set(int i, double v) {
            b.put(i, (float) v);
        }
    }

    private record DoubleValues(DoubleBuffer b) implements Values {
        @Override
        public double get(int i) {
            return b.get(i);
        }

        @Override
        public void set(int i, double v) {
            b.put(i, v);
        }
    }

    /** The float32 elements of a dense array as a buffer over its native memory, or null for another type. */
    static FloatBuffer floatBuffer(INDArray a) {
        if (a.dataType() != DataType.FLOAT || !isDense(a)) return null;
        return a.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** The elements of {@code a} in row-major order; {@code a} must be {@link #dense}. */
    static Values values(INDArray a) {
        if (!isDense(a)) throw new IllegalArgumentException("array is a view or not row-major: " + a.shapeInfoToString());
        var nio = a.data().asNio().order(ByteOrder.nativeOrder());
        return switch (a.dataType()) {
            case FLOAT -> new FloatValues(nio.asFloatBuffer());
            case DOUBLE -> new DoubleValues(nio.asDoubleBuffer());
            default -> throw new IllegalArgumentException("unsupported data type " + a.dataType());
        };
    }

    /** {@code a} itself when it owns row-major memory from its first element, else a row-major copy. */
    static INDArray dense(INDArray a) {
        return isDense(a) ? a : a.dup('c');
    }

    private static boolean isDense(INDArray a) {
        return a.ordering() == 'c' && !a.isView() && a.offset() == 0 && a.data().length() == a.length();
    }

    /** A new zero-filled array of the given type. */
    static INDArray zeros(DataType type, long... shape) {
        return Nd4j.zeros(type, shape);
    }

    /** A new array holding {@code values} (row-major) converted to {@code type}. */
    static INDArray of(DataType type, double[] values, long... shape) {
        INDArray a = Nd4j.createUninitialized(type, shape);
        Values v = values(a);
        for (int i = 0; i < values.length; i++) v.set(i, values[i]);
        return a;
    }

    /** Copies every element out as doubles. */
    static double[] toDoubles(INDArray a) {
        INDArray d = dense(a);
        Values v = values(d);
        double[] out = new double[(int) d.length()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i);
        return out;
    }

    /** Copies every element out as floats. */
    static float[] toFloats(INDArray a) {
        INDArray d = dense(a);
        Values v = values(d);
        float[] out = new float[(int) d.length()];
        for (int i = 0; i < out.length; i++) out[i] = (float) v.get(i);
        return out;
    }

    /** Runs {@code body} for 0..n-1 on the common pool, in contiguous chunks (one per core and more). */
    static void parallelFor(int n, IntConsumer body) {
        int chunks = Math.min(n, 4 * Runtime.getRuntime().availableProcessors());
        if (chunks <= 1) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> {
            int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            for (int i = from; i < to; i++) body.accept(i);
        });
    }

    /**
     * Frees arrays now rather than when the garbage collector finds them. Arrays in a workspace
     * (every array of a training step) are left alone: the workspace reuses their memory as a whole.
     */
    static void release(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed() && a.closeable()) a.close();
        }
    }

    /** ReLU backward in place: the gradient is kept where the layer's output is positive. */
    static void reluBackward(INDArray output, INDArray gradient) {
        FloatBuffer yf = floatBuffer(output), gf = floatBuffer(gradient);
        int n = (int) output.length();
        if (yf != null && gf != null) {
            reluBackwardFloat(yf, gf, n);
            return;
        }
        Values y = values(output), g = values(gradient);
        parallelFor(n / 4096 + 1, c -> {
            int to = Math.min(n, (c + 1) * 4096);
            for (int i = c * 4096; i < to; i++) {
                if (y.get(i) <= 0) g.set(i, 0);
            }
        });
    }

    /**
     * The float32 path: blocks copied in bulk to Java arrays and masked with {@link #positive}, a loop the
     * JIT vectorises (element access through {@link Values} was measured about 3x slower: 68 ms against
     * about 20 ms for a 66 MB decoder gradient).
     */
    private static void reluBackwardFloat(FloatBuffer y, FloatBuffer g, int n) {
        int block = 8192;
        parallelFor((n + block - 1) / block, c -> {
            int from = c * block, len = Math.min(n, from + block) - from;
            float[] ys = new float[len], gs = new float[len];
            y.get(from, ys);
            g.get(from, gs);
            for (int i = 0; i < len; i++) gs[i] *= positive(ys[i]);
            g.put(from, gs);
        });
    }

    /**
     * 1 where {@code v > 0}, else 0 (NaN for NaN, so a NaN output gives a NaN gradient), in float
     * arithmetic only, so that loops using it vectorise (a compare-and-select stays scalar): a positive
     * float is at least 2^-149, which two products with 2^100 raise beyond 1.
     */
    static float positive(float v) {
        return Math.min(Math.max(v, 0f) * 0x1p100f * 0x1p100f, 1f);
    }

    /**
     * Column sums {@code [1, cols]} of a {@code [rows, cols]} matrix as one product with a row of ones:
     * ND4J's {@code sum(0)} was measured 5x slower (83 ms against 15 ms on a [32400, 512] float array).
     */
    static INDArray columnSums(INDArray a) {
        INDArray ones = Nd4j.ones(a.dataType(), 1, a.rows());
        INDArray sums = Nd4j.gemm(ones, a, false, false);
        release(ones);
        return sums;
    }
}
