package org.braggflow.launcher.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a cron-triggered workflow takes from its inbox: any file or scan.json folder, oldest first, never hidden names. */
class InboxReadyTest {

    private static Path file(Path inbox, String name, long minute) throws Exception {
        Path p = inbox.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, name);
        Files.setLastModifiedTime(p, FileTime.fromMillis(1_700_000_000_000L + minute * 60_000));
        return p;
    }

    @Test
    void everyVisibleFileAndScanFolderIsTakenOldestFirstWhateverItsExtension(@TempDir Path inbox) throws Exception {
        Path cbf = file(inbox, "frames.cbf", 3);            // a format only a hot-deployed reader knows
        Path h5 = file(inbox, "scan-1.h5", 1);
        Path notes = file(inbox, "notes.txt", 2);           // no reader will take it: the run reports it
        file(inbox, ".scan-2.h5.part", 0);                  // still being copied under a hidden name
        file(inbox, ".done/old.h5", 0);
        file(inbox, ".failed/bad.h5", 0);
        Path tiff = inbox.resolve("scan-3");
        file(inbox, "scan-3/angle_000.tif", 5);
        file(inbox, "scan-3/scan.json", 5);
        Files.setLastModifiedTime(tiff, FileTime.fromMillis(1_700_000_000_000L + 4 * 60_000));
        file(inbox, "half-copied/angle_000.tif", 0);         // a folder without scan.json is not ready yet

        assertEquals(List.of(h5, notes, cbf, tiff), TriggerRoutes.ready(inbox));
    }

    @Test
    void anEmptyInboxHasNothingReady(@TempDir Path inbox) throws Exception {
        assertEquals(List.of(), TriggerRoutes.ready(inbox));
    }
}
