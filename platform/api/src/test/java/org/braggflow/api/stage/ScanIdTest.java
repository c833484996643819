package org.braggflow.api.stage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan id of a dropped input names its results folder, whatever the format. */
class ScanIdTest {

    @Test
    void aFileLosesItsLastExtensionAndAFolderKeepsItsName(@TempDir Path dir) throws Exception {
        assertEquals("scan-7", ScanReader.scanId(Files.writeString(dir.resolve("scan-7.h5"), "")));
        assertEquals("scan-7", ScanReader.scanId(Files.writeString(dir.resolve("scan-7.nxs"), "")));
        assertEquals("run.2026-12-05", ScanReader.scanId(Files.writeString(dir.resolve("run.2026-12-05.cbf"), "")));
        assertEquals("noextension", ScanReader.scanId(Files.writeString(dir.resolve("noextension"), "")));
        assertEquals(".hidden", ScanReader.scanId(Files.writeString(dir.resolve(".hidden"), "")), "a leading dot is not an extension");
        assertEquals("tiff-scan.v2", ScanReader.scanId(Files.createDirectories(dir.resolve("tiff-scan.v2"))), "folders keep dots");
    }
}
