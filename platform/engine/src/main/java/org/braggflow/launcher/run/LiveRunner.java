package org.braggflow.launcher.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.braggflow.api.files.AtomicFiles;
import org.braggflow.api.result.AnalysisResult;
import org.braggflow.api.result.ScanMaps;
import org.braggflow.api.scan.LiveScan;
import org.braggflow.api.scan.ScanMetadata;
import org.braggflow.api.stage.LiveMapAccumulator;
import org.braggflow.api.stage.ProgressListener;
import org.braggflow.api.stage.ScanReader;
import org.braggflow.launcher.camel.StageConstants;
import org.braggflow.launcher.home.Folders;
import org.braggflow.launcher.workflow.Workflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live run (docs/formats.md, section 7): the scan folder's manifest is there, its angles' files come one
 * after another. For each planned angle in order it waits until the angle's files are complete (their
 * {@code .done} markers, or size and time unchanged for the workflow's stableSeconds), reads that angle
 * through the reader's live read into the maps stage's live maps, and writes the partial outputs
 * (each file written beside and moved into place, so a reader never sees half a file) and {@code run.json}
 * with status {@code partial} and the angles seen. After the last angle the full workflow runs on the
 * complete folder; its outputs replace the partial ones. With no new complete angle for abandonSeconds
 * the run ends {@code incomplete}, its partial outputs kept.
 */
final class LiveRunner {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRunner.class);
    /** How often the angle files are looked at while waiting. */
    private static final long POLL_MILLIS = 200;
    /** Where partial outputs are written before each is moved into the run folder. */
    static final String STAGING = ".partial";

    private final ScanRunner runner;
    private final CamelContext camel;

    LiveRunner(ScanRunner runner, CamelContext camel) {
        this.runner = runner;
        this.camel = camel;
    }

    ScanRunner.RunOutcome run(Workflow workflow, Path scan, ProgressListener progress) throws Exception {
        Workflow.Live settings = workflow.live().orElseThrow(() -> new IllegalArgumentException(workflow.id() + " has no live trigger"));
        String scanId = ScanReader.scanId(scan);
        Path folder = workflow.results().resolve(workflow.id()).resolve(scanId);
        ScanRunner.clear(folder);
        Files.createDirectories(folder);
        RunRecord record = RunRecord.starting(workflow.id(), workflow.file().toString(), workflow.sha256(), Instant.now());
        record.scan(scanId, scan.toAbsolutePath().toString());
        record.workflowText(workflow.text());
        record.write(folder);
        RunState state = new RunState(scan, folder, progress);
        List<RunRecord.LiveAngle> angles = new ArrayList<>();
        int planned = 0;
        try (ProducerTemplate producer = camel.createProducerTemplate()) {
            Exchange opened = producer.send(WorkflowRoute.LIVE_OPEN + workflow.id(), e -> {
                e.setProperty(WorkflowRoute.STATE, state);
                e.getIn().setBody(scan);
            });
            if (opened.getException() != null) throw opened.getException();
            LiveScan live = state.liveScan;
            try (live) {
                planned = live.plannedAngles();
                record.partial(new RunRecord.Live(planned, angles));
                record.write(folder);
                LiveMapAccumulator maps = null;
                ScanMetadata meta = null;
                for (int a = 0; a < planned; a++) {
                    Instant complete = awaitComplete(live.angleFiles(a), settings);
                    if (complete == null) {
                        String reason = "no new complete angle for " + settings.abandonSeconds() + " s: angle " + a + " of " + planned
                                + " (" + live.angleFiles(a).get(0).getFileName() + ") did not arrive or did not become complete; "
                                + angles.size() + " angle(s) mapped, partial outputs kept; a new file in " + scan + " restarts the scan";
                        record.partial(new RunRecord.Live(planned, angles));
                        record.incomplete(Instant.now(), reason);
                        record.write(folder);
                        LOG.warn("workflow {}: {} incomplete: {}", workflow.id(), scanId, reason);
                        return new ScanRunner.RunOutcome(folder, false, reason, record);
                    }
                    Instant readAt = Instant.now();
                    if (meta == null) {
                        meta = live.metadata();
                        ScanMetadata m = meta;
                        Exchange started = producer.send(WorkflowRoute.LIVE_MAPS + workflow.id(), e -> e.getIn().setBody(m));
                        if (started.getException() != null) throw started.getException();
                        maps = started.getIn().getBody(LiveMapAccumulator.class);
                    }
                    int angle = a;
                    LiveMapAccumulator acc = maps;
                    live.readAngle(a, (row, col, frame) -> acc.addFrame(angle, row, col, frame));
                    writePartial(producer, workflow, folder, meta, live, maps, record, state);
                    Instant written = Instant.now();
                    angles.add(new RunRecord.LiveAngle(a, live.angleFiles(a).get(0).toString(), complete.toString(), readAt.toString(),
                            written.toString(), Duration.between(complete, written).toMillis() / 1000.0));
                    record.partial(new RunRecord.Live(planned, angles));
                    record.progress(a + 1, planned);
                    record.write(folder);
                    progress.progress(a + 1, planned);
                    LOG.info("workflow {}: {} angle {} of {} mapped, partial outputs in {}", workflow.id(), scanId, a + 1, planned, folder);
                }
            }
        } catch (Exception e) {
            record.partial(new RunRecord.Live(planned, angles));
            record.finish(Instant.now(), ScanRunner.message(e));
            record.write(folder);
            return new ScanRunner.RunOutcome(folder, false, record.error(), record);
        }
        LOG.info("workflow {}: {} has all {} angles; running the full workflow", workflow.id(), scanId, planned);
        return runner.run(workflow, scan, progress, new RunRecord.Live(planned, angles));
    }

    /**
     * Waits until every file is complete (with markers: the first, the angle's data file, has its marker and the
     * others exist) and returns when it landed (the newest marker time, or the newest
     * modification time: the stable wait after it is part of the delay to the partial maps); null when nothing changed for the workflow's abandonSeconds.
     */
    static Instant awaitComplete(List<Path> files, Workflow.Live settings) throws IOException, InterruptedException {
        long abandonNanos = (long) (settings.abandonSeconds() * 1e9), stableNanos = (long) (settings.stableSeconds() * 1e9);
        long lastChange = System.nanoTime();
        Map<Path, String> signature = new HashMap<>();
        while (true) {
            Instant complete = Instant.EPOCH;
            boolean all = true;
            long now = System.nanoTime();
            for (Path f : files) {
                boolean main = f.equals(files.get(0));
                String sig = Files.exists(f) ? Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis() : "absent";
                Path marker = f.resolveSibling(f.getFileName() + ".done");
                if (Files.exists(marker)) sig += "+done";
                if (!sig.equals(signature.put(f, sig))) lastChange = now;
                if (!Files.exists(f)) {
                    all = false;
                    continue;
                }
                FileTime modified = Files.getLastModifiedTime(f);
                if (settings.complete() == Workflow.Live.Completion.MARKER && !main) {
                    // a file beside the angle's data file (its fluorescence map) is written before the data file's marker
                    complete = max(complete, modified.toInstant());
                } else if (settings.complete() == Workflow.Live.Completion.MARKER) {
                    if (!Files.exists(marker)) all = false;
                    else complete = max(complete, max(Files.getLastModifiedTime(marker).toInstant(), modified.toInstant()));
                } else {
                    // unchanged while watched for stableSeconds, and not modified within it (a file found already finished counts at once)
                    boolean quiet = Duration.between(modified.toInstant(), Instant.now()).toNanos() >= stableNanos;
                    if (!quiet) all = false;
                    else complete = max(complete, modified.toInstant());
                }
            }
            if (all) return complete;
            if (now - lastChange > abandonNanos) return null;
            Thread.sleep(POLL_MILLIS);
        }
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /**
     * Runs the workflow's exporters (all but clouds) on the maps of the angles so far, into a staging folder,
     * then moves each file into the run folder over the previous angle's: every file is whole at any moment.
     */
    private static void writePartial(ProducerTemplate producer, Workflow workflow, Path folder, ScanMetadata meta, LiveScan live,
                                     LiveMapAccumulator maps, RunRecord record, RunState state) throws Exception {
        boolean[] mask = new boolean[meta.positionCount()];
        for (int i = 0; i < mask.length; i++) mask[i] = live.inMask(i / meta.scanCols(), i % meta.scanCols());
        ScanMaps snapshot = maps.snapshot(mask);
        record.reader(meta.scanId(), meta.format(), state.readerName, live.details());
        AnalysisResult result = new AnalysisResult(meta, mask, snapshot, null, null, List.of(), record.provenance());
        Path staging = folder.resolve(STAGING);
        Folders.deleteTreeOrFail(staging);
        Files.createDirectories(staging);
        Exchange done = producer.send(WorkflowRoute.LIVE_PARTIAL + workflow.id(), e -> {
            e.setProperty(StageConstants.OUTPUT_FOLDER, staging);
            e.getIn().setBody(result);
        });
        if (done.getException() != null) throw done.getException();
        List<Path> written;
        try (Stream<Path> s = Files.walk(staging)) {
            written = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : written) {
            Path target = folder.resolve(staging.relativize(f).toString());
            Files.createDirectories(target.getParent());
            AtomicFiles.moveOver(f, target);
        }
        Folders.deleteTreeOrFail(staging);
    }
}
