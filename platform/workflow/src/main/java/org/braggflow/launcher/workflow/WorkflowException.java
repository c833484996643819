package org.braggflow.launcher.workflow;

import java.util.List;
import java.util.stream.Collectors;

/** A workflow file that cannot be used, with every problem found. */
public final class WorkflowException extends Exception {

    private final List<WorkflowProblem> problems;

    public WorkflowException(List<WorkflowProblem> problems) {
        super(problems.stream().map(WorkflowProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<WorkflowProblem> problems() {
        return problems;
    }
}
