package org.braggflow.launcher.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.braggflow.launcher.home.BraggflowHome;
import org.braggflow.launcher.home.Distribution;
import org.braggflow.launcher.models.RegistryModelLookup;
import org.braggflow.launcher.stage.StageRegistry;
import org.braggflow.launcher.workflow.ParameterMigrations;
import org.braggflow.launcher.workflow.Workflow;
import org.braggflow.launcher.workflow.WorkflowException;
import org.braggflow.launcher.workflow.WorkflowParser;
import org.braggflow.launcher.workflow.WorkflowValidator;

/** Finds and checks workflow files for the commands. */
public final class WorkflowFiles {

    private WorkflowFiles() {
    }

    /** A path to a workflow file, or the id of one in {@code <home>/workflows/}; neither is a {@link BadInputException}. */
    public static Path locate(BraggflowHome home, String nameOrPath) throws IOException {
        Path p = Path.of(nameOrPath);
        if (Files.isRegularFile(p)) return p;
        Path byId = home.workflows().resolve(nameOrPath + ".yaml");
        if (Files.isRegularFile(byId)) return byId;
        // a fresh home is filled with the shipped workflows when the platform first starts: fill it now,
        // so the first `run default ...` in a new home finds its workflow
        if (System.getProperty(Distribution.PROPERTY) != null) {
            home.prepare(Distribution.fromSystemProperty());
            if (Files.isRegularFile(byId)) return byId;
        }
        throw new BadInputException("no workflow '" + nameOrPath + "': no such file, nor " + byId);
    }

    public static Workflow parse(BraggflowHome home, Path file) throws IOException, WorkflowException {
        return new WorkflowParser(home.root()).parse(file);
    }

    public static WorkflowValidator validator(StageRegistry registry) {
        return new WorkflowValidator(null, registry::descriptor, ParameterMigrations.SHIPPED, new RegistryModelLookup());
    }

    static Optional<String> firstLine(String text) {
        return text.lines().findFirst();
    }
}
