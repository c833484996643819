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

    /** Runs a command to its end (at most five minutes, then it is killed) and returns its exit code and output. */
    static Outcome run(Path home, String... args) throws IOException, InterruptedException {
        return exec(builder(home, args), 300, "braggflow " + String.join(" ", args));
    }

    /**
     * Runs any process to its end, at most {@code seconds} (then it and its children are killed and the
     * test fails with its output); the output is read beside the wait, so a process that never ends
     * cannot block the test.
     */
    static Outcome exec(ProcessBuilder builder, int seconds, String what) throws IOException, InterruptedException {
        Process p = builder.redirectErrorStream(true).start();
        java.util.concurrent.CompletableFuture<String> out = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        boolean ended = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!ended) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        String output;
        try {
            output = out.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            output = "(output unreadable: " + e + ")";
        }
        assertTrue(ended, what + " finished within " + seconds + " s; its output:\n" + output);
        return new Outcome(p.exitValue(), output);
    }

    /** Starts {@code serve} and returns once it is ready (at most three minutes); its later output is drained. */
    static Process serve(Path home, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("serve"));
        args.addAll(List.of(options));
        return started(builder(home, args.toArray(String[]::new)), "ready in", new StringBuffer());
    }

    /**
     * Starts a long-running command and returns once a line of its output contains {@code marker} (at most
     * three minutes, else it is killed and the test fails). All its output goes on into {@code output}.
     */
    static Process started(ProcessBuilder builder, String marker, StringBuffer output) throws IOException, InterruptedException {
        Process p = builder.redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
        Thread drain = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    output.append(line).append('\n');
                    if (line.contains(marker)) ready.countDown();
                }
            } catch (IOException closed) {
                // the process ended
            }
            ready.countDown();
        });
        drain.setDaemon(true);
        drain.start();
        if (!ready.await(180, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            org.junit.jupiter.api.Assertions.fail(String.join(" ", builder.command()) + " was not ready within 180 s; its output:\n" + output);
        }
        if (!output.toString().contains(marker)) {
            p.waitFor(10, TimeUnit.SECONDS);
            org.junit.jupiter.api.Assertions.fail(String.join(" ", builder.command()) + " ended before it was ready; its output:\n" + output);
        }
        return p;
    }

    /** Whether a run's resume folder holds a finished chunk of positions. */
    static boolean hasResumeChunk(Path resumeFolder) throws IOException {
        if (!Files.isDirectory(resumeFolder)) return false;
        try (java.util.stream.Stream<Path> s = Files.list(resumeFolder)) {
            return s.anyMatch(p -> p.getFileName().toString().matches("chunk-\\d+\\.bin"));
        } catch (java.nio.file.NoSuchFileException gone) {
            return false;
        }
    }

    static void awaitFile(Path p, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!Files.exists(p) && System.nanoTime() < deadline) Thread.sleep(200);
        assertTrue(Files.exists(p), "expected " + p + " within " + seconds + " s");
    }
}
