package org.braggflow.launcher.cli;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.braggflow.launcher.Platform;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.workflow.Workflow;
import org.braggflow.launcher.workflow.WorkflowException;
import org.braggflow.launcher.workflow.WorkflowValidator;
import org.quartz.CronExpression;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** Lists the workflows of the home with their state, or validates one file. */
@Command(name = "workflows", description = "List workflows: triggers, next fire time, valid / invalid / waiting for a stage.",
        subcommands = WorkflowsCommand.Validate.class)
final class WorkflowsCommand implements Callable<Integer> {

    @ParentCommand
    Main main;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BraggflowHome home = main.home();
        List<Map<String, Object>> listing = new ArrayList<>();
        try (Platform platform = Platform.start(home, Distribution.fromSystemProperty())) {
            WorkflowValidator validator = WorkflowFiles.validator(platform.stages());
            try (DirectoryStream<Path> files = Files.newDirectoryStream(home.workflows(), "*.yaml")) {
                List<Path> sorted = new ArrayList<>();
                files.forEach(sorted::add);
                sorted.sort(null);
                for (Path f : sorted) listing.add(describe(home, f, validator));
            }
        }
        if (json) {
            System.out.println(Json.pretty(listing));
        } else {
            for (Map<String, Object> w : listing) {
                System.out.printf("%-16s %-34s %s%n", w.getOrDefault("id", "?"), w.get("state"), w.get("file"));
                if (w.get("description") != null && !String.valueOf(w.get("description")).isEmpty()) System.out.println("                 " + w.get("description"));
                if (w.get("inbox") != null) System.out.println("                 inbox " + w.get("inbox"));
                if (w.get("cron") != null) System.out.println("                 cron  " + w.get("cron") + "  next " + w.get("next_fire_time"));
                if (w.get("problems") instanceof List<?> l) l.forEach(p -> System.out.println("                 " + p));
            }
        }
        return 0;
    }

    static Map<String, Object> describe(BraggflowHome home, Path file, WorkflowValidator validator) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file.toString());
        try {
            Workflow w = WorkflowFiles.parse(home, file);
            m.put("id", w.id());
            m.put("description", w.description());
            w.inbox().ifPresent(i -> m.put("inbox", i.toString()));
            if (w.cron().isPresent()) {
                m.put("cron", w.cron().get());
                Date next = new CronExpression(w.cron().get()).getNextValidTimeAfter(new Date());
                m.put("next_fire_time", next == null ? null : next.toInstant().toString());
            }
            m.put("stages", w.stages().stream().map(s -> s.key()).toList());
            WorkflowValidator.Result r = validator.validate(w);
            if (!r.valid()) {
                m.put("state", "invalid");
                m.put("problems", r.problems().stream().map(Object::toString).toList());
            } else if (!r.waitingFor().isEmpty()) {
                m.put("state", "waiting for " + String.join(", ", r.waitingFor()));
            } else {
                m.put("state", "valid");
            }
        } catch (WorkflowException e) {
            m.put("state", "invalid");
            m.put("problems", e.problems().stream().map(Object::toString).toList());
        }
        return m;
    }

    @Command(name = "validate", description = "Check one workflow file against the deployed stages; problems as file:line:column.")
    static final class Validate implements Callable<Integer> {

        @ParentCommand
        WorkflowsCommand parent;

        @Parameters(paramLabel = "FILE", description = "The workflow file")
        Path file;

        @Override
        public Integer call() throws Exception {
            BraggflowHome home = parent.main.home();
            InputPaths.file(file);
            try (Platform platform = Platform.start(home, Distribution.fromSystemProperty())) {
                Map<String, Object> d = describe(home, file, WorkflowFiles.validator(platform.stages()));
                if (d.get("problems") instanceof List<?> l) {
                    l.forEach(System.err::println);
                    return 2;
                }
                System.out.println(file + ": " + d.get("state"));
                return 0;
            }
        }
    }
}
