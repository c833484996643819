package org.braggflow.launcher.workflow;

import java.nio.file.Path;

/** One problem found in a workflow file, at a place users can jump to (line and column from 1). */
public record WorkflowProblem(Path file, int line, int column, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
