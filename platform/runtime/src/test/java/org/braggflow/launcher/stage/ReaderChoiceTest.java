package org.braggflow.launcher.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.braggflow.api.scan.ScanSource;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.ScanReader;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.api.stage.StageService;
import org.braggflow.scanio.ScanFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader choice used by runs, the inbox, cloud and bench: first deployed reader that accepts the input. */
class ReaderChoiceTest {

    @Retention(RetentionPolicy.RUNTIME)
    @interface NoParameters {}

    /** A reader that takes files by extension, as the shipped ones do (by name, cheaply). */
    private record ByExtension(String extension) implements ScanReader {
        public boolean accepts(Path input) {
            return Files.isRegularFile(input) && input.getFileName().toString().endsWith(extension);
        }

        public ScanSource open(Path input, Parameters parameters) {
            throw new UnsupportedOperationException("never opened by the choice");
        }

        public Class<? extends Annotation> parameterType() {
            return NoParameters.class;
        }

        public String description() {
            return "reads *" + extension;
        }
    }

    private static DeployedStage stage(String type, String name, StageService service) {
        return new DeployedStage(new StageDescriptor(type, name, service.description(), List.of()),
                "org.braggflow.test." + name, "1.0.0", name.hashCode(), service);
    }

    private static final DeployedStage HDF5 = stage("reader", "hdf5", new ByExtension(".h5"));
    private static final DeployedStage TIFF = stage("reader", "tiff", new ByExtension(".tif"));
    /** Not a reader: its name must neither be chosen nor listed, whatever it is asked. */
    private static final DeployedStage EXPORTER = stage("exporter", "files", new ByExtension(".h5"));

    @Test
    void theReaderThatAcceptsTheFileIsChosen(@TempDir Path dir) throws Exception {
        Path h5 = Files.writeString(dir.resolve("scan-1.h5"), "x");
        Path tif = Files.writeString(dir.resolve("frame.tif"), "x");
        List<DeployedStage> deployed = List.of(EXPORTER, HDF5, TIFF);
        assertSame(HDF5, StageRegistry.readerFor(deployed, h5));
        assertSame(TIFF, StageRegistry.readerFor(deployed, tif));
    }

    @Test
    void aReaderDeployedForANewExtensionIsAskedToo(@TempDir Path dir) throws Exception {
        Path cbf = Files.writeString(dir.resolve("frames.cbf"), "x");
        assertThrows(ScanFormatException.class, () -> StageRegistry.readerFor(List.of(HDF5, TIFF), cbf));
        DeployedStage cbfReader = stage("reader", "cbf", new ByExtension(".cbf"));
        assertSame(cbfReader, StageRegistry.readerFor(List.of(HDF5, TIFF, cbfReader), cbf));
    }

    @Test
    void aFileNoReaderAcceptsIsReportedWithItsNameAndTheDeployedReaders(@TempDir Path dir) throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "x");
        ScanFormatException e = assertThrows(ScanFormatException.class,
                () -> StageRegistry.readerFor(List.of(EXPORTER, HDF5, TIFF), notes));
        assertEquals(notes, e.file());
        assertTrue(e.getMessage().startsWith(notes.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("(readers: hdf5, tiff)"), e.getMessage());
        assertTrue(!e.getMessage().contains("files"), "a non-reader stage is not listed: " + e.getMessage());
    }

    @Test
    void noDeployedReaderAndAMissingInputAreSaidSo(@TempDir Path dir) throws Exception {
        Path h5 = Files.writeString(dir.resolve("scan-1.h5"), "x");
        ScanFormatException none = assertThrows(ScanFormatException.class, () -> StageRegistry.readerFor(List.of(EXPORTER), h5));
        assertTrue(none.getMessage().contains("readers: none deployed"), none.getMessage());
        Path gone = dir.resolve("gone.h5");
        ScanFormatException missing = assertThrows(ScanFormatException.class, () -> StageRegistry.readerFor(List.of(HDF5), gone));
        assertEquals(gone + ": no such file or folder", missing.getMessage());
    }
}
