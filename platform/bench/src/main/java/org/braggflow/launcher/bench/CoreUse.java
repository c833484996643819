package org.braggflow.launcher.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * How busy the cores were during a run: the process's CPU time (every thread: stages, reading, garbage
 * collection, compilation) sampled once a second. The whole-run figure says how much of the machine the
 * run used; the seconds below {@link #LOW} of the cores say where it left them idle (a serial tail, a
 * stage waiting on reading), which the stage seconds alone cannot show.
 */
final class CoreUse {

    /** A second counts as an idle gap when less than this share of the cores was busy. */
    static final double LOW = 0.75;

    private final int cores;
    private final List<Long> cpuNanos = new ArrayList<>();
    private final List<Long> wallNanos = new ArrayList<>();
    private final Thread thread = new Thread(this::sample, "scale-bench-cores");
    private volatile boolean running = true;

    CoreUse(int cores) {
        this.cores = cores;
    }

    void start() {
        record();
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
        record();
    }

    /** "CPU 251.3 s in 128.9 s: 1.95 of 2 cores busy; 3 of 128 seconds below 75 % of them (at 0-2, 97 s)". */
    String summary() {
        synchronized (this) {
            return summary(cpuNanos, wallNanos, cores);
        }
    }

    static String summary(List<Long> cpu, List<Long> wall, int cores) {
        int last = cpu.size() - 1;
        if (last < 1 || cpu.get(0) < 0) return "CPU time of the process not available here";
        double cpuSeconds = (cpu.get(last) - cpu.get(0)) / 1e9, wallSeconds = (wall.get(last) - wall.get(0)) / 1e9;
        int low = 0, intervals = 0;
        // where the gaps were, in whole seconds from the start, runs of consecutive seconds joined: "0-2, 97"
        List<String> where = new ArrayList<>();
        int runStart = -1, previous = -2;
        for (int i = 1; i <= last; i++) {
            double dt = (wall.get(i) - wall.get(i - 1)) / 1e9;
            // the last interval is a fraction of a second: too short to say anything
            if (dt < 0.5) continue;
            intervals++;
            if ((cpu.get(i) - cpu.get(i - 1)) / 1e9 >= LOW * cores * dt) continue;
            low++;
            int second = (int) Math.round((wall.get(i - 1) - wall.get(0)) / 1e9);
            if (second > previous + 1) {
                if (runStart >= 0) where.add(range(runStart, previous));
                runStart = second;
            }
            previous = second;
        }
        if (runStart >= 0) where.add(range(runStart, previous));
        return String.format("CPU %.1f s in %.1f s: %.2f of %d cores busy; %d of %d seconds below %.0f %% of them%s", cpuSeconds, wallSeconds,
                cpuSeconds / wallSeconds, cores, low, intervals, 100 * LOW, where.isEmpty() ? "" : " (at " + String.join(", ", where) + " s)");
    }

    private static String range(int from, int to) {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }

    private synchronized void record() {
        cpuNanos.add(processCpuNanos());
        wallNanos.add(System.nanoTime());
    }

    private void sample() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            record();
        }
    }

    /** The CPU time of every thread of this process so far, or -1 where the JVM does not say. */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
