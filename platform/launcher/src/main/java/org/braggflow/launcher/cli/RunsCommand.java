package org.braggflow.launcher.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.braggflow.launcher.home.BraggflowHome;
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

    @Override
    public Integer call() throws IOException {
        BraggflowHome home = main.home();
        // an absent default results folder means no runs yet; an absent folder given by --results is a mistake
        Path root = results != null ? InputPaths.folder(results) : home.results();
        List<Map<String, Object>> runs = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals("run.json"))) {
                for (Path f : files.sorted().toList()) runs.add(summary(f));
            }
        }
        runs.sort((a, b) -> String.valueOf(a.get("started")).compareTo(String.valueOf(b.get("started"))));
        if (json) {
            System.out.println(Json.pretty(runs));
            return 0;
        }
        for (Map<String, Object> r : runs) {
            System.out.printf("%-24s %-16s %-9s %-26s %8s  %s%n", r.get("scan_id"), r.get("workflow_id"), r.get("status"), r.get("started"),
                    r.get("seconds") == null ? "" : String.format("%.1f s", (Double) r.get("seconds")), r.get("positions"));
        }
        return 0;
    }

    static Map<String, Object> summary(Path file) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonNode n;
        try {
            n = Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            m.put("record", file.toString());
            m.put("status", "unreadable");
            return m;
        }
        for (String k : new String[] {"workflow_id", "scan_id", "status", "started", "ended", "error"}) {
            if (n.hasNonNull(k)) m.put(k, n.get(k).asText());
        }
        if (n.hasNonNull("started") && n.hasNonNull("ended")) {
            m.put("seconds", Duration.between(Instant.parse(n.get("started").asText()), Instant.parse(n.get("ended").asText())).toMillis() / 1000.0);
        }
        JsonNode progress = n.get("progress");
        JsonNode positions = n.get("positions");
        if (progress != null) {
            m.put("positions", progress.get("positions_done").asLong() + "/" + progress.get("positions_total").asLong() + " done");
        } else if (positions != null) {
            m.put("positions", positions.path("analysed").asLong() + " analysed of " + positions.path("in_mask").asLong() + " in mask, "
                    + positions.path("total").asLong() + " total");
        }
        m.put("record", file.toString());
        return m;
    }
}
