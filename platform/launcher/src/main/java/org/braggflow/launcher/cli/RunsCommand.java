package org.braggflow.launcher.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.run.RunRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Lists analysis runs from their run.json records, running ones with their progress. */
@Command(name = "runs", description = "List runs under the results folder: workflow, scan, status, timing, positions.")
final class RunsCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--results", paramLabel = "DIR", description = "Results root (default <home>/results)")
    Path results;

    /** One line of the listing: a run as its record tells it, or an unreadable record. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RunLine(String workflowId, String scanId, String status, String started, String ended, String error, Double seconds,
            String positions, String workers, String record) {
    }

    @Override
    public Integer call() throws IOException {
        BraggflowHome home = main.home();
        // an absent default results folder means no runs yet; an absent folder given by --results is a mistake
        Path root = results != null ? InputPaths.folder(results) : home.results();
        List<RunLine> runs = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals(RunRecord.FILE))) {
                for (Path f : files.sorted().toList()) runs.add(summary(f));
            }
        }
        runs.sort(Comparator.comparing(r -> String.valueOf(r.started())));
        if (json) {
            System.out.println(Json.pretty(runs));
            return 0;
        }
        for (RunLine r : runs) {
            System.out.printf("%-24s %-16s %-9s %-26s %8s  %s%s%n", r.scanId(), r.workflowId(), r.status(), r.started(),
                    r.seconds() == null ? "" : String.format("%.1f s", r.seconds()), r.positions() == null ? "" : r.positions(),
                    r.workers() == null ? "" : "; workers: " + r.workers());
        }
        return 0;
    }

    static RunLine summary(Path file) {
        RunRecord r;
        try {
            r = RunRecord.read(file);
        } catch (IOException e) {
            return new RunLine(null, null, "unreadable", null, null, null, null, null, null, file.toString());
        }
        Double seconds = r.started() != null && r.ended() != null ? Duration.between(r.started(), r.ended()).toMillis() / 1000.0 : null;
        String positions = null;
        if (r.progress() != null) {
            positions = r.progress().positionsDone() + "/" + r.progress().positionsTotal() + " done";
        } else if (r.positions() != null) {
            positions = r.positions().analysed() + " analysed of " + r.positions().inMask() + " in mask, " + r.positions().total() + " total";
        }
        return new RunLine(r.workflowId(), r.scanId(), r.status() == null ? null : r.status().written(), text(r.started()),
                text(r.ended()), r.error(), seconds, positions, workers(r), file.toString());
    }

    /** A cluster run's workers with the chunks each did ("host-pid 4 chunks, ..."); null for a run made in one process. */
    @SuppressWarnings("unchecked")
    static String workers(RunRecord r) {
        if (r.cluster() == null || !(r.cluster().get("workers") instanceof java.util.Map<?, ?> workers)) return null;
        List<String> out = new ArrayList<>();
        ((java.util.Map<String, Object>) workers).forEach((id, chunks) ->
                out.add(id + " " + (chunks instanceof List<?> l ? l.size() : 0) + " chunks"));
        return out.isEmpty() ? "no worker yet" : String.join(", ", out);
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }
}
