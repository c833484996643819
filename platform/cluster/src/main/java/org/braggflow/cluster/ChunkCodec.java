package org.braggflow.cluster;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.scan.Geometry;
import org.braggflow.api.scan.PositionVolume;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.launcher.run.RemotePositions;

/**
 * The bytes of a chunk message and of its result (docs/cluster.md): plain numbers and UTF-8 text in a
 * fixed order, never Java serialisation, so a message from an unknown sender can only fail to decode.
 * Work: the scan's metadata, the per-position steps (JSON) and the volumes as little-endian float32;
 * result: per position its cloud's coordinates and intensities, with the workers' provenance and stage
 * times. Both may be deflated (fastest level: detector counts are mostly zeros, and a chunk of 32
 * positions of 64 x 64 x 15 shrinks from 7.9 MB to about a sixth); the first byte says which.
 */
public final class ChunkCodec {

    private static final int WORK_MAGIC = 0x4246574b; // "BFWK"
    private static final int RESULT_MAGIC = 0x42465253; // "BFRS"
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChunkCodec() {
    }

    /** A decoded chunk of work. */
    public record Work(RemotePositions.Plan plan, int chunk, List<PositionVolume> volumes) {
    }

    public static byte[] encodeWork(RemotePositions.Plan plan, int chunk, List<PositionVolume> volumes, boolean compress) throws IOException {
        return write(compress, out -> {
            out.writeInt(WORK_MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(plan.runId());
            out.writeUTF(plan.workflowId());
            out.writeUTF(plan.workflowSha256());
            out.writeUTF(plan.modelQueue() == null ? "" : plan.modelQueue());
            writeBytes(out, JSON.writeValueAsBytes(plan.steps()));
            writeMetadata(out, plan.scan());
            out.writeInt(chunk);
            out.writeInt(volumes.size());
            for (PositionVolume v : volumes) {
                out.writeInt(v.row());
                out.writeInt(v.col());
                out.writeInt(v.nAngles());
                out.writeInt(v.detRows());
                out.writeInt(v.detCols());
                writeFloats(out, v.intensity());
            }
        });
    }

    public static Work decodeWork(byte[] message) throws IOException {
        try (DataInputStream in = read(message)) {
            expect(in.readInt(), WORK_MAGIC, "a chunk of work");
            expect(in.readInt(), VERSION, "version");
            String runId = in.readUTF();
            String workflow = in.readUTF();
            String sha = in.readUTF();
            String modelQueue = in.readUTF();
            List<RemotePositions.Step> steps = JSON.readValue(readBytes(in), new TypeReference<List<RemotePositions.Step>>() { });
            ScanMetadata scan = readMetadata(in);
            int chunk = in.readInt();
            int n = in.readInt();
            List<PositionVolume> volumes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int row = in.readInt(), col = in.readInt(), angles = in.readInt(), rows = in.readInt(), cols = in.readInt();
                volumes.add(new PositionVolume(row, col, angles, rows, cols, readFloats(in)));
            }
            return new Work(new RemotePositions.Plan(runId, workflow, sha, steps, scan, modelQueue.isEmpty() ? null : modelQueue), chunk, volumes);
        }
    }

    public static byte[] encodeResult(RemotePositions.ChunkResult r, boolean compress) throws IOException {
        return write(compress, out -> {
            out.writeInt(RESULT_MAGIC);
            out.writeInt(VERSION);
            out.writeInt(r.chunk());
            out.writeUTF(r.worker());
            writeBytes(out, JSON.writeValueAsBytes(r.stagesUsed()));
            writeBytes(out, JSON.writeValueAsBytes(r.stageTimes()));
            out.writeInt(r.positions().size());
            for (RemotePositions.PositionResult p : r.positions()) {
                out.writeInt(p.row());
                out.writeInt(p.col());
                PointCloud c = p.cloud();
                out.writeBoolean(c != null);
                if (c == null) continue;
                writeFloats(out, c.xyz());
                out.writeBoolean(c.intensity() != null);
                if (c.intensity() != null) writeFloats(out, c.intensity());
                out.writeBoolean(p.codeword() != null);
                if (p.codeword() != null) writeFloats(out, p.codeword());
            }
        });
    }

    public static RemotePositions.ChunkResult decodeResult(byte[] message) throws IOException {
        try (DataInputStream in = read(message)) {
            expect(in.readInt(), RESULT_MAGIC, "a chunk result");
            expect(in.readInt(), VERSION, "version");
            int chunk = in.readInt();
            String worker = in.readUTF();
            List<Map<String, Object>> used = JSON.readValue(readBytes(in), new TypeReference<List<Map<String, Object>>>() { });
            Map<String, double[]> times = JSON.readValue(readBytes(in), new TypeReference<LinkedHashMap<String, double[]>>() { });
            int n = in.readInt();
            List<RemotePositions.PositionResult> positions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                int row = in.readInt(), col = in.readInt();
                PointCloud cloud = null;
                float[] codeword = null;
                if (in.readBoolean()) {
                    float[] xyz = readFloats(in);
                    float[] intensity = in.readBoolean() ? readFloats(in) : null;
                    cloud = new PointCloud(row, col, xyz, intensity);
                    if (in.readBoolean()) codeword = readFloats(in);
                }
                positions.add(new RemotePositions.PositionResult(row, col, cloud, codeword));
            }
            return new RemotePositions.ChunkResult(chunk, worker, positions, used, times);
        }
    }

    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(boolean compress, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        bytes.write(compress ? 1 : 0);
        Deflater deflater = compress ? new Deflater(Deflater.BEST_SPEED) : null;
        try {
            OutputStream sink = compress ? new DeflaterOutputStream(bytes, deflater, 1 << 16) : bytes;
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(sink, 1 << 16))) {
                body.write(out);
            }
        } finally {
            if (deflater != null) deflater.end();
        }
        return bytes.toByteArray();
    }

    private static DataInputStream read(byte[] message) throws IOException {
        if (message == null || message.length == 0) throw new IOException("empty message");
        InputStream raw = new ByteArrayInputStream(message, 1, message.length - 1);
        InputStream in = switch (message[0]) {
            case 0 -> raw;
            case 1 -> new InflaterInputStream(raw, new java.util.zip.Inflater(), 1 << 16);
            default -> throw new IOException("unknown message encoding " + message[0]);
        };
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }

    private static void expect(int got, int want, String what) throws IOException {
        if (got != want) throw new IOException("not " + what + " of this Braggflow (0x" + Integer.toHexString(got) + ")");
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (64 << 20)) throw new IOException("implausible block length " + n);
        return in.readNBytes(n);
    }

    /** Floats as one little-endian block (a per-float writeFloat loop is several times slower). */
    private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buf = ByteBuffer.allocate(Math.min(values.length, 1 << 16) * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; ) {
            buf.clear();
            int n = Math.min(values.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(values, i, n);
            out.write(buf.array(), 0, n * 4);
            i += n;
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > (1 << 28)) throw new IOException("implausible array length " + n);
        float[] values = new float[n];
        byte[] block = new byte[Math.min(n, 1 << 16) * 4];
        for (int i = 0; i < n; ) {
            int m = Math.min(n - i, block.length / 4);
            in.readFully(block, 0, m * 4);
            ByteBuffer.wrap(block, 0, m * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, i, m);
            i += m;
        }
        return values;
    }

    private static void writeMetadata(DataOutputStream out, ScanMetadata m) throws IOException {
        out.writeUTF(m.scanId());
        out.writeUTF(m.format());
        out.writeInt(m.scanRows());
        out.writeInt(m.scanCols());
        out.writeInt(m.detRows());
        out.writeInt(m.detCols());
        double[] angles = m.anglesDeg();
        out.writeInt(angles.length);
        for (double a : angles) out.writeDouble(a);
        Geometry g = m.geometry();
        for (double d : new double[] {g.energyKev(), g.deltaDeg(), g.gammaDeg(), g.detectorDistanceM(), g.pixelSizeUm(), g.stepSizeNm(),
            g.braggDeg(), g.centerRow(), g.centerCol()}) {
            out.writeDouble(d);
        }
        out.writeBoolean(g.rowFlip());
        out.writeBoolean(g.colFlip());
        out.writeUTF(g.convention().name());
        out.writeInt(m.inputFiles().size());
        for (Path p : m.inputFiles()) writeBytes(out, p.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static ScanMetadata readMetadata(DataInputStream in) throws IOException {
        String id = in.readUTF(), format = in.readUTF();
        int scanRows = in.readInt(), scanCols = in.readInt(), detRows = in.readInt(), detCols = in.readInt();
        double[] angles = new double[in.readInt()];
        for (int i = 0; i < angles.length; i++) angles[i] = in.readDouble();
        double[] g = new double[9];
        for (int i = 0; i < g.length; i++) g[i] = in.readDouble();
        boolean rowFlip = in.readBoolean(), colFlip = in.readBoolean();
        Geometry.Convention convention = Geometry.Convention.valueOf(in.readUTF());
        Geometry geometry = new Geometry(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], rowFlip, colFlip, convention);
        int files = in.readInt();
        List<Path> inputs = new ArrayList<>(files);
        // the coordinator's paths, as provenance only: a worker never opens them
        for (int i = 0; i < files; i++) inputs.add(Path.of(new String(readBytes(in), StandardCharsets.UTF_8)));
        return new ScanMetadata(id, format, scanRows, scanCols, detRows, detCols, angles, geometry, inputs);
    }
}
