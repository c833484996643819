package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.braggflow.launcher.osgi.BundleJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as users run it: {@code bin/braggflow serve} in its own process, a new version of
 * a stage jar copied into {@code deploy/}, and {@code bin/braggflow stages --json} reporting it.
 */
class ServeHotDeployIT {


    @TempDir
    Path home;

    private String run(String... args) throws IOException, InterruptedException {
        Braggflow.Outcome r = Braggflow.run(home, args);
        assertEquals(0, r.code(), r.output());
        return r.output();
    }

    @Test
    void aStageJarCopiedIntoDeployReplacesTheRunningVersionWithinFiveSeconds() throws Exception {
        Process serve = Braggflow.builder(home, "serve").start();
        try {
            BufferedReader log = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
            String line;
            long t0 = System.nanoTime();
            while ((line = log.readLine()) != null && !line.contains("ready in")) {
                assertTrue(System.nanoTime() - t0 < 60e9, "serve did not get ready");
            }
            assertTrue(line != null && line.contains("ready in"), "serve ended before it was ready");
            Thread drain = new Thread(() -> log.lines().forEach(l -> { }));
            drain.setDaemon(true);
            drain.start();

            String before = run("stages", "--json");
            assertTrue(before.contains("\"bundle\" : \"org.braggflow.denoise.sor\""), before);
            assertTrue(before.contains("\"version\" : \"0.1.0\""), before);
            assertFalse(before.contains("0.1.1"), before);

            Path tmp = home.resolve("deploy/.denoise-sor.jar.tmp");
            BundleJars.withVersion(Braggflow.DIST.resolve("bundles/denoise-sor.jar"), tmp, "0.1.1");
            long copied = System.nanoTime();
            Files.move(tmp, home.resolve("deploy/denoise-sor.jar"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            String after = "";
            while (System.nanoTime() - copied < 5e9 && !after.contains("\"version\" : \"0.1.1\"")) {
                after = run("stages", "--json");
            }
            double seconds = (System.nanoTime() - copied) / 1e9;
            System.out.printf("hot deploy: stages reported the new version %.2f s after the copy%n", seconds);
            assertTrue(after.contains("\"version\" : \"0.1.1\""), "not redeployed within 5 s: " + after);
            assertEquals(1, after.split("\"bundle\" : \"org.braggflow.denoise.sor\"", -1).length - 1,
                    "the old sor version is gone: " + after);
        } finally {
            serve.destroy();   // SIGTERM: the shutdown hook stops Felix
            assertTrue(serve.waitFor(20, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
        }
        assertFalse(Files.exists(home.resolve("run/serve.pid")), "pid file removed on shutdown");
    }

    @Test
    void stagesJsonListsTheShippedStagesWithVersionsAndParameters() throws Exception {
        String json = run("stages", "--json");
        for (String s : new String[] {"\"name\" : \"sor\"", "\"name\" : \"threshold\"", "\"version\" : \"0.1.0\"",
                "\"name\" : \"stdRatio\"", "\"default\" : 0.8", "\"unit\" : \"points\""}) {
            assertTrue(json.contains(s), s + " missing in " + json);
        }
    }
}
