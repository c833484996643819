package org.braggflow.launcher.osgi;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Framework caches left by killed processes are removed at the next start; live and foreign ones stay. */
class StaleCachesTest {

    @Test
    void onlyCachesOfProcessesThatNoLongerRunAreRemoved(@TempDir Path tmp) throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        long deadPid = finished.pid();
        Path dead = Files.createDirectories(tmp.resolve(OsgiRuntime.CACHE_PREFIX + deadPid + "-123").resolve("bundle1"));
        Files.writeString(dead.resolve("bundle.jar"), "x");
        Path live = Files.createDirectories(tmp.resolve(OsgiRuntime.CACHE_PREFIX + ProcessHandle.current().pid() + "-456"));
        Path unnamed = Files.createDirectories(tmp.resolve(OsgiRuntime.CACHE_PREFIX + "789"));
        Path other = Files.createDirectories(tmp.resolve("someone-else-" + deadPid + "-1"));

        OsgiRuntime.removeStaleCaches(tmp);

        assertFalse(Files.exists(dead.getParent()), "the killed process's cache is gone");
        assertTrue(Files.isDirectory(live), "this process's cache stays");
        assertTrue(Files.isDirectory(unnamed), "a cache without a process id is not ours to judge");
        assertTrue(Files.isDirectory(other));
    }
}
