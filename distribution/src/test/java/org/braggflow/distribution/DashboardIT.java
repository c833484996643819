package org.braggflow.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: {@code serve --http} on a free port, Debian's headless Chromium on
 * the page, a scan dropped into an inbox. The page must show the run's progress as it is pushed
 * (without a reload), then the finished run; a real mouse click on a position of the domain map must
 * show that position's peak and the numbers maps.csv holds for it, also after the map is transposed;
 * the toggle must persist across a reload. Screenshots are kept under target/dashboard/.
 */
class DashboardIT {

    @TempDir
    Path work;

    private static final Path SHOTS = Path.of("target", "dashboard");

    @Test
    void progressIsPushedAndAClickOnTheMapShowsThatPositionsPeak() throws Exception {
        Path scripts = Path.of(System.getProperty("braggflow.docs")).resolveSibling("scripts");
        Path browser = Chromium.install(scripts);
        Path home = work.resolve("home");
        Braggflow.run(home, "stages");
        Path scan = work.resolve("drop.h5");
        // -Ddashboard.rows/cols size the scan, to measure the page on a larger run (the closing figures: 32 x 40)
        int rows = Integer.getInteger("dashboard.rows", 16), cols = Integer.getInteger("dashboard.cols", 20);
        Braggflow.Outcome sim = Braggflow.run(home, "simulate", "--out", scan.toString(), "--format", "h5", "--seed", "3",
                "--rows", String.valueOf(rows), "--cols", String.valueOf(cols), "--angles", "9", "--det", "48", "48");
        assertEquals(0, sim.code(), sim.output());
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/";
        Process serve = Braggflow.serve(home, "--http", "127.0.0.1:" + port);
        try (Chromium page = Chromium.start(browser, work.resolve("profile"))) {
            // outside the page, the server refuses what is not there and answers in JSON
            HttpResponse<String> missing = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(url + "api/runs/none/none")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode(), missing.body());

            page.navigate(url);
            page.await("document.getElementById('live').textContent === 'live'", 60, () -> "the event stream did not connect");
            Path inbox = home.resolve("inbox/pca-defects");
            Files.createDirectories(inbox);
            Files.copy(scan, work.resolve("drop.h5.part"));
            Files.move(work.resolve("drop.h5.part"), inbox.resolve("drop.h5"), StandardCopyOption.ATOMIC_MOVE);

            // progress, pushed: the running row's counter moves while the page is never reloaded
            String row = "document.querySelector('tr[data-run=\"pca-defects/drop\"]')";
            page.evaluate("window.__notReloaded = true");
            Set<String> seen = new LinkedHashSet<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300L * rows * cols / 320);
            String status = "";
            while (System.nanoTime() < deadline) {
                JsonNode r = page.evaluate("(() => { const r = " + row + "; return r ? [r.dataset.status, r.querySelector('.progress').textContent] : null; })()");
                if (r != null && r.isArray()) {
                    status = r.get(0).asText();
                    if (status.equals("running") && r.get(1).asText().matches(".*\\d+ / " + rows * cols)) {
                        seen.add(r.get(1).asText().trim());
                        if (seen.size() == 3) page.screenshot(SHOTS.resolve("runs.png"));
                    }
                    if (status.equals("succeeded") || status.equals("failed")) break;
                }
                Thread.sleep(100);
            }
            assertEquals("succeeded", status, "the run's status on the page");
            assertTrue(page.evaluate("window.__notReloaded === true").asBoolean(), "the page was updated in place, not reloaded");
            assertTrue(seen.size() >= 2, "progress shown while running (pushed, at least two distinct counts): " + seen);
            System.out.printf("dashboard: progress pushed to the page: %s%n", seen);
            page.screenshot(SHOTS.resolve("runs-finished.png"));

            // the run's page, opened by a click on its row
            page.click("tr[data-run=\"pca-defects/drop\"]");
            page.await("document.getElementById('map-canvas') && document.getElementById('map-canvas').width > 0", 60, () -> "no map");
            // the run page loaded afresh, as from a bookmark: first paint and the maps drawn, from navigation start
            page.navigate("about:blank");
            page.await("location.href === 'about:blank'", 10, () -> "the page did not unload");
            page.navigate(url + "#run/pca-defects/drop");
            page.await("performance.getEntriesByName('map-drawn').length > 0", 60, () -> "the maps were not drawn on a fresh load");
            JsonNode paint = page.evaluate("[performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1,"
                    + " performance.getEntriesByName('map-drawn')[0].startTime]");
            System.out.printf("dashboard: %d x %d run page, fresh load: first contentful paint %.0f ms, maps drawn %.0f ms%n",
                    rows, cols, paint.get(0).asDouble(), paint.get(1).asDouble());

            Path maps = home.resolve("results/pca-defects/drop/maps.csv");
            CSVRecord chosen = null;
            int analysed = 0;
            try (Reader in = Files.newBufferedReader(maps)) {
                for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
                    if (!r.get("com_angle").isEmpty() && ++analysed == 40) chosen = r;
                }
            }
            assertTrue(chosen != null, "maps.csv has at least 40 analysed positions: " + analysed);
            int rowIndex = Integer.parseInt(chosen.get("row")), colIndex = Integer.parseInt(chosen.get("col"));
            double comAngle = Double.parseDouble(chosen.get("com_angle")), strain = Double.parseDouble(chosen.get("strain"));

            clickPosition(page, rowIndex, colIndex, false);
            checkPeak(page, rowIndex, colIndex, comAngle, strain);
            page.screenshot(SHOTS.resolve("run.png"));

            // transposed, the same position sits at (col, row) on the screen and must still show its own peak
            page.click("#toggle-transpose");
            page.await("document.getElementById('toggle-transpose').checked", 10, () -> "toggle not set");
            clickPosition(page, rowIndex, colIndex, true);
            checkPeak(page, rowIndex, colIndex, comAngle, strain);

            // a mark on the old page tells it from the reloaded one: reload() returns before the old page is gone
            page.evaluate("window.beforeReload = true; location.reload()");
            page.await("!window.beforeReload && document.getElementById('map-canvas') && document.getElementById('toggle-transpose').checked", 60,
                    () -> "the transpose toggle did not persist across a reload");
            page.click("#toggle-transpose");
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A mouse click at the centre of a scan position's cell on the map canvas. */
    private static void clickPosition(Chromium page, int row, int col, boolean transposed) throws Exception {
        JsonNode box = page.evaluate("(() => { const c = document.getElementById('map-canvas'); const b = c.getBoundingClientRect();"
                + " return [b.left, b.top, b.width / c.width * Number(c.dataset.cell), b.height / c.height * Number(c.dataset.cell)]; })()");
        int i = transposed ? col : row, j = transposed ? row : col;
        page.evaluate("document.getElementById('peak').replaceChildren()");
        page.click(box.get(0).asDouble() + (j + 0.5) * box.get(2).asDouble(), box.get(1).asDouble() + (i + 0.5) * box.get(3).asDouble());
    }

    private static void checkPeak(Chromium page, int row, int col, double comAngle, double strain) throws Exception {
        page.await("document.getElementById('peak-total')", 60, () -> "no peak shown");
        JsonNode shown = page.evaluate("(() => { const h = document.getElementById('peak-position');"
                + " const v = n => document.querySelector('#peak-descriptors tr[data-name=\"' + n + '\"] td[data-value]').dataset.value;"
                + " return [Number(h.dataset.row), Number(h.dataset.col), Number(v('com_angle')), Number(v('strain')),"
                + " Number(document.getElementById('peak-total').dataset.total),"
                + " document.querySelectorAll('#peak-rocking polyline').length, document.querySelectorAll('.projections canvas').length]; })()");
        assertEquals(row, shown.get(0).asInt(), "row of the peak shown");
        assertEquals(col, shown.get(1).asInt(), "column of the peak shown");
        // the page shows maps.csv's own numbers, parsed from the same text: equal to the last digit
        assertEquals(comAngle, shown.get(2).asDouble(), Math.abs(comAngle) * 1e-12, "com_angle shown");
        assertEquals(strain, shown.get(3).asDouble(), Math.abs(strain) * 1e-12, "strain shown");
        assertTrue(shown.get(4).asDouble() > 0, "the position's volume has counts: " + shown.get(4));
        assertEquals(1, shown.get(5).asInt(), "a rocking curve is drawn");
        assertEquals(3, shown.get(6).asInt(), "three projections are drawn");
    }
}
