package org.braggflow.api.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.braggflow.api.cloud.PointCloud;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one file library: whole-or-nothing writes, SHA-256 against published vectors, checked tensor files. */
class FilesLibraryTest {

    @Test
    void sha256MatchesThePublishedTestVectors(@TempDir Path dir) throws Exception {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.of(new byte[0]));
        Path file = Files.writeString(dir.resolve("abc.txt"), "abc");
        assertEquals(Sha256.of("abc"), Sha256.of(file), "a file streamed gives the digest of its bytes");
    }

    @Test
    void aCloudFingerprintDependsOnPositionsAndPointsInOrder() {
        PointCloud a = new PointCloud(1, 2, new float[] {0, 1, 2}, null), b = new PointCloud(1, 3, new float[] {0, 1, 2}, null);
        assertEquals(Sha256.ofClouds(List.of(a, b)), Sha256.ofClouds(List.of(a, b)));
        assertTrue(!Sha256.ofClouds(List.of(a, b)).equals(Sha256.ofClouds(List.of(b, a))), "order matters");
        assertTrue(!Sha256.ofClouds(List.of(a)).equals(Sha256.ofClouds(List.of(b))), "the position is part of it");
    }

    @Test
    void aWriteReplacesTheFileWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.json");
        AtomicFiles.writeString(file, "first");
        AtomicFiles.writeString(file, "second");
        assertEquals("second", Files.readString(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList());
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        assertTrue(perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.GROUP_READ),
                "outputs stay readable by others as the umask allows: " + perms);
    }

    @Test
    void aFailedWriteKeepsTheOldContentAndCleansUp(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.json");
        AtomicFiles.writeString(file, "good");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write("half of a new".getBytes());
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals("good", Files.readString(file));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }

    @Test
    void aHashedWriteRecordsTheDigestOfExactlyTheBytesWritten(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.f32");
        String sha = AtomicFiles.writeHashed(file, out -> out.write(new byte[] {1, 2, 3}));
        assertEquals(Sha256.of(file), sha);
        Path copy = dir.resolve("copy.f32");
        AtomicFiles.copy(file, copy);
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(copy));
    }

    @Test
    void tensorFilesRoundTripAsLittleEndianFloat32AndNameWhatIsWrong(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("weights.f32"), json = dir.resolve("model.json");
        List<float[]> tensors = List.of(new float[] {1.5f, -2f, 3f, 4f, 5f, 6f}, new float[] {7f});
        List<int[]> shapes = List.of(new int[] {2, 3}, new int[] {1});
        String sha = TensorFile.write(file, tensors);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(28, bytes.length);
        assertEquals(1.5f, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getFloat(0), "little-endian float32, first value first");
        List<float[]> back = TensorFile.read(file, shapes, sha, json);
        assertArrayEquals(tensors.get(0), back.get(0));
        assertArrayEquals(tensors.get(1), back.get(1));

        IOException shape = assertThrows(IOException.class, () -> TensorFile.read(file, List.of(new int[] {2, 4}), sha, json));
        assertTrue(shape.getMessage().contains(file.toString()) && shape.getMessage().contains("truncated"), shape.getMessage());
        bytes[5] ^= 1;
        Files.write(file, bytes);
        IOException flipped = assertThrows(IOException.class, () -> TensorFile.read(file, shapes, sha, json));
        assertTrue(flipped.getMessage().contains(file.toString()) && flipped.getMessage().contains("SHA-256")
                && flipped.getMessage().contains("model.json"), flipped.getMessage());
    }

    @Test
    void aModelFormatTakesItsVersionRangeAndNamesTheFileOtherwise() throws Exception {
        ModelFormat f = new ModelFormat("braggflow-foldingnet", 1, 2);
        assertEquals(2, f.check(Path.of("m/model.json"), "braggflow-foldingnet", 2));
        IOException newer = assertThrows(IOException.class, () -> f.check(Path.of("m/model.json"), "braggflow-foldingnet", 3));
        assertTrue(newer.getMessage().startsWith("m/model.json is not a braggflow-foldingnet model of format version 1 to 2"), newer.getMessage());
        assertThrows(IOException.class, () -> f.check(Path.of("m/model.json"), "braggflow-pca", 1));
    }
}
