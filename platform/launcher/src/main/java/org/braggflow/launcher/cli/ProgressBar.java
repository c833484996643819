package org.braggflow.launcher.cli;

import java.io.PrintStream;
import org.braggflow.api.stage.ProgressListener;

/**
 * Progress of long work: a bar redrawn in place on a terminal (done / total, rate, time left), plain
 * lines every tenth of the way otherwise (logs, pipes).
 */
final class ProgressBar implements ProgressListener {

    private final PrintStream out;
    private final String unit;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private long lastTenth = -1;

    ProgressBar(PrintStream out, String unit, boolean terminal) {
        this.out = out;
        this.unit = unit;
        this.terminal = terminal;
    }

    static ProgressBar forConsole(String unit) {
        return new ProgressBar(System.out, unit, System.console() != null);
    }

    @Override
    public synchronized void progress(long done, long total) {
        long now = System.nanoTime();
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        double rate = done / seconds;
        long left = rate > 0 ? Math.round((total - done) / rate) : -1;
        if (terminal) {
            if (done < total && now - lastDraw < 200_000_000L) return;
            lastDraw = now;
            int width = 30, filled = total > 0 ? (int) (width * done / total) : 0;
            out.printf("\r%d/%d %s [%s%s] %3d%% %.0f/s ETA %s ", done, total, unit, "#".repeat(filled), ".".repeat(width - filled),
                    total > 0 ? 100 * done / total : 0, rate, left < 0 ? "?" : left + " s");
            if (done >= total) out.println();
        } else {
            long tenth = total > 0 ? 10 * done / total : 0;
            if (tenth == lastTenth) return;
            lastTenth = tenth;
            out.printf("progress: %d/%d %s, %.0f/s, ETA %s%n", done, total, unit, rate, left < 0 ? "?" : left + " s");
        }
        out.flush();
    }
}
