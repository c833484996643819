package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The unpacked distribution's {@code bin/braggflow}, run as users run it: one process per command. */
final class Braggflow {

    static final Path DIST = Path.of(System.getProperty("braggflow.dist"));

    record Outcome(int code, String output) {
    }

    private Braggflow() {
    }

    static ProcessBuilder builder(Path home, String... args) {
        List<String> cmd = new ArrayList<>(List.of(DIST.resolve("bin/braggflow").toString(), "--home", home.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    /** Runs a command to its end (at most five minutes) and returns its exit code and output. */
    static Outcome run(Path home, String... args) throws IOException, InterruptedException {
        Process p = builder(home, args).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "braggflow " + String.join(" ", args) + " finished");
        return new Outcome(p.exitValue(), out);
    }

    /** Starts {@code serve} and returns once it is ready; its later output is drained. */
    static Process serve(Path home) throws IOException {
        Process serve = builder(home, "serve").start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.contains("ready in")) { }
        assertTrue(line != null, "serve started");
        Thread drain = new Thread(() -> out.lines().forEach(l -> { }));
        drain.setDaemon(true);
        drain.start();
        return serve;
    }

    static void awaitFile(Path p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!Files.exists(p) && System.nanoTime() < deadline) Thread.sleep(200);
        assertTrue(Files.exists(p), "expected " + p + " within " + seconds + " s");
    }
}
