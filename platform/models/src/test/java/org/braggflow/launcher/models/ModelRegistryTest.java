package org.braggflow.launcher.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.braggflow.api.cloud.PointCloud;
import org.braggflow.api.stage.EncoderModel;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ProgressListener;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {

    @TempDir
    Path home;

    private ModelRegistry registry;
    private final TinyEncoder encoder = new TinyEncoder();
    private final ModelRecord.Origin origin = TinyEncoder.ORIGIN;

    @BeforeEach
    void setUp() {
        registry = new ModelRegistry(home.resolve("models"));
    }

    private ModelRecord registerTrained(String id) throws IOException {
        return TinyEncoder.register(registry, id);
    }

    @Test
    void aRegisteredModelRoundTripsWithItsRecordAndEncodesTheSame() throws IOException {
        ModelRecord written = registerTrained("tiny-a");
        assertEquals(List.of("tiny-a"), registry.ids());
        assertEquals(List.of("data/weights.f32", "model.json"), List.copyOf(written.files().keySet()));
        assertEquals(12, written.files().get("data/weights.f32").size());
        assertEquals(org.braggflow.api.files.Sha256.of(home.resolve("models/tiny-a/data/weights.f32")), written.files().get("data/weights.f32").sha256());

        ModelRecord read = registry.read("tiny-a");
        assertEquals(written, read);
        assertEquals(origin, read.encoder());
        assertEquals(3, read.featureSize());
        assertEquals(List.of(new ModelRecord.ScanCount("scan-7", 42)), read.training().scans());
        assertEquals(3, read.training().lossEpochs());
        assertEquals(1.5, read.training().finalLoss());
        assertEquals(64, read.sha256().length());
        assertTrue(read.manifest().contains(written.files().get("model.json").sha256() + "  model.json\n"), read.manifest());

        ModelRegistry.Loaded loaded = registry.load("tiny-a", encoder);
        List<PointCloud> clouds = List.of(new PointCloud(0, 0, new float[] {1, 2, 3, 4, 5, 6}, null));
        EncoderModel original = encoder.train(List.of(), Parameters.defaults(TinyEncoder.Parameters.class), ProgressListener.NONE);
        assertArrayEquals(encoder.encode(original, clouds)[0], encoder.encode(loaded.model(), clouds)[0], 0f);
        assertFalse(Files.list(home.resolve("models")).anyMatch(p -> p.getFileName().toString().startsWith(".")),
                "no hidden folder is left behind");
    }

    @Test
    void anImportedModelRecordsItsSourceFiles() throws IOException {
        EncoderModel m = encoder.train(List.of(), Parameters.defaults(TinyEncoder.Parameters.class), ProgressListener.NONE);
        ModelRecord.ImportSource source = new ModelRecord.ImportSource(Path.of("/data/checkpoint.pt"), "a".repeat(64),
                Path.of("/data/config.json"), "b".repeat(64), Optional.empty(), Optional.empty());
        registry.register("imported", m, encoder, origin, ModelRecord.Training.of(List.of(), List.of()), Optional.of(source));
        ModelRecord r = registry.read("imported");
        assertEquals(Optional.of(source), r.imported());
        assertTrue(Double.isNaN(r.training().finalLoss()));
        assertEquals(0, r.training().clouds());
    }

    @Test
    void aTakenIdIsNotOverwrittenAndFreeIdFindsTheNextOne() throws IOException {
        registerTrained("tiny-a");
        assertThrows(FileAlreadyExistsException.class, () -> registerTrained("tiny-a"));
        assertEquals("tiny-a-2", registry.freeId("tiny-a"));
        assertEquals("tiny-b", registry.freeId("tiny-b"));
    }

    @Test
    void aFileAnotherModelHoldsIsLinkedNotCopiedAndOnlyWhileItMatchesItsRecord() throws IOException {
        registerTrained("tiny-a");
        registerTrained("tiny-b");
        Path a = home.resolve("models/tiny-a/data/weights.f32"), b = home.resolve("models/tiny-b/data/weights.f32");
        assertTrue(Files.isSameFile(a, b), "the second model's weights, identical to the first's, are a link to them");
        registry.verify("tiny-b");
        // a model's folder removed leaves the other's file whole
        try (java.util.stream.Stream<Path> walk = Files.walk(home.resolve("models/tiny-a"))) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        assertEquals("tiny-b", registry.verify("tiny-b").id());
        assertEquals(12, Files.readAllBytes(b).length);
        // a file that no longer matches its record lends nothing: the next model keeps its own copy
        byte[] bytes = Files.readAllBytes(b);
        bytes[5] ^= 0x10;
        Files.write(b, bytes);
        registerTrained("tiny-c");
        Path c = home.resolve("models/tiny-c/data/weights.f32");
        assertFalse(Files.isSameFile(b, c), "a changed file was shared");
        assertEquals("tiny-c", registry.verify("tiny-c").id());
    }

    @Test
    void aFlippedByteIsRejectedNamingTheFile() throws IOException {
        registerTrained("tiny-a");
        Path weights = home.resolve("models/tiny-a/data/weights.f32");
        byte[] b = Files.readAllBytes(weights);
        b[5] ^= 0x10;
        Files.write(weights, b);
        IOException e = assertThrows(IOException.class, () -> registry.load("tiny-a", encoder));
        assertTrue(e.getMessage().startsWith(weights + " has SHA-256 "), e.getMessage());
        assertTrue(e.getMessage().contains("(the file was changed)"), e.getMessage());
        // the cheap check used by workflow validation still sees the model
        assertEquals("tiny-a", registry.read("tiny-a").id());
    }

    @Test
    void aTruncatedMissingOrExtraFileIsRejectedNamingTheFile() throws IOException {
        registerTrained("tiny-a");
        Path folder = home.resolve("models/tiny-a");
        byte[] json = Files.readAllBytes(folder.resolve("model.json"));
        Files.write(folder.resolve("model.json"), java.util.Arrays.copyOf(json, json.length - 3));
        IOException truncated = assertThrows(IOException.class, () -> registry.verify("tiny-a"));
        assertEquals(folder.resolve("model.json") + " has " + (json.length - 3) + " bytes but registry.json records " + json.length
                + " (truncated or replaced)", truncated.getMessage());

        Files.write(folder.resolve("model.json"), json);
        registry.verify("tiny-a");
        Files.writeString(folder.resolve("data/extra.bin"), "x");
        IOException extra = assertThrows(IOException.class, () -> registry.verify("tiny-a"));
        assertTrue(extra.getMessage().startsWith(folder.resolve("data/extra.bin").toString()), extra.getMessage());

        Files.delete(folder.resolve("data/extra.bin"));
        Files.delete(folder.resolve("data/weights.f32"));
        IOException missing = assertThrows(IOException.class, () -> registry.verify("tiny-a"));
        assertTrue(missing.getMessage().startsWith(folder.resolve("data/weights.f32") + " is missing"), missing.getMessage());
    }

    @Test
    void aDamagedRecordIsRejectedNamingIt() throws IOException {
        registerTrained("tiny-a");
        Path record = home.resolve("models/tiny-a/registry.json");
        Files.writeString(record, "{\"format\": \"braggflow-model\", ");
        IOException e = assertThrows(IOException.class, () -> registry.read("tiny-a"));
        assertTrue(e.getMessage().startsWith(record + " is not valid JSON"), e.getMessage());
        Files.writeString(record, Files.readString(record).replace(", ", ", \"format_version\": 1}"));
        assertTrue(assertThrows(IOException.class, () -> registry.read("tiny-a")).getMessage().contains("'stage.type' is missing"));
    }

    @Test
    void idsAreConfinedToOnePlainFolderName() throws IOException {
        for (String bad : new String[] {"", "..", ".", "../outside", "a/b", "/etc", "Upper", ".hidden", "a..b", "-x", "a b",
            "x".repeat(129), "a\\b", "a\u0000b"}) {
            assertFalse(ModelId.isValid(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> registry.folder(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> registry.read(bad), bad);
        }
        for (String good : new String[] {"a", "foldingnet-import-0123abcd", "run_7.v2", "x".repeat(128)}) assertTrue(ModelId.isValid(good), good);
        assertThrows(UnknownModelException.class, () -> registry.read("absent"));
        assertEquals("pixel-150.scan-a-b", ModelId.from("Pixel 150.scan/../A&B"));
        assertTrue(ModelId.isValid(ModelId.from("../../..")));
    }

    @Test
    void aModelFolderThatIsALinkIsRefused() throws IOException {
        Path outside = home.resolve("elsewhere");
        registerTrained("tiny-a");
        Files.move(home.resolve("models/tiny-a"), outside);
        Files.createSymbolicLink(home.resolve("models/tiny-a"), outside);
        IOException e = assertThrows(IOException.class, () -> registry.verify("tiny-a"));
        assertTrue(e.getMessage().contains("is a link"), e.getMessage());
    }

    @Test
    void exportCopiesTheVerifiedFolder(@TempDir Path out) throws IOException {
        ModelRecord r = registerTrained("tiny-a");
        Path target = out.resolve("tiny-a");
        registry.export("tiny-a", target);
        assertEquals(r, new ModelRegistry(out).verify("tiny-a"), "the copy is a complete model folder");
        assertThrows(FileAlreadyExistsException.class, () -> registry.export("tiny-a", target));
        Files.write(home.resolve("models/tiny-a/model.json"), new byte[] {1});
        Path second = out.resolve("second");
        assertThrows(IOException.class, () -> registry.export("tiny-a", second));
        assertFalse(Files.exists(second), "a damaged model is not exported");
    }
}
