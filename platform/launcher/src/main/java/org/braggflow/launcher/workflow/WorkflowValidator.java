package org.braggflow.launcher.workflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.api.stage.StageType;

/**
 * Checks a workflow against the stages deployed now: known stage types in data-flow order, and for
 * each implementation that is deployed, every parameter known, of the right type and in range. An
 * implementation that is not deployed is not an error: the workflow waits for it.
 */
public final class WorkflowValidator {

    /** The outcome: problems (the workflow cannot run) and stages it waits for (it can run once they arrive). */
    public record Result(List<WorkflowProblem> problems, List<String> waitingFor) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final BiFunction<String, String, Optional<StageDescriptor>> deployed;

    /** @param deployed the descriptor of the deployed stage of a type and name, if any */
    public WorkflowValidator(BiFunction<String, String, Optional<StageDescriptor>> deployed) {
        this.deployed = deployed;
    }

    public Result validate(Workflow w) {
        List<WorkflowProblem> problems = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        int lastOrder = -1;
        boolean reader = false;
        for (StageStep step : w.stages()) {
            Optional<StageType> type = StageType.byId(step.type());
            if (type.isEmpty()) {
                problems.add(new WorkflowProblem(w.file(), step.line(), step.column(), "unknown stage type '" + step.type()
                        + "'; types are " + java.util.Arrays.stream(StageType.values()).map(StageType::id).toList()));
                continue;
            }
            int order = type.get().ordinal();
            if (order < lastOrder) {
                problems.add(new WorkflowProblem(w.file(), step.line(), step.column(), "a " + step.type()
                        + " stage cannot follow a " + StageType.values()[lastOrder].id() + " stage: data flows reader, cloud, denoiser, encoder, clusterer, maps, exporter"));
            }
            lastOrder = Math.max(lastOrder, order);
            reader |= type.get() == StageType.READER;
            if (step.use().equals(StageStep.AUTO)) {
                if (type.get() != StageType.READER) {
                    problems.add(new WorkflowProblem(w.file(), step.line(), step.column(), "'use: auto' is only for readers"));
                } else if (!step.with().isEmpty()) {
                    checkAgainstAnyReader(w, step, problems);
                }
                continue;
            }
            Optional<StageDescriptor> d = deployed.apply(step.type(), step.use());
            if (d.isEmpty()) {
                if (!waiting.contains(step.key())) waiting.add(step.key());
                continue;
            }
            checkParameters(w, step, d.get(), problems);
        }
        if (!reader) problems.add(new WorkflowProblem(w.file(), 1, 1, "a workflow needs a reader stage (use: auto picks one per scan)"));
        return new Result(problems, waiting);
    }

    /** All readers share one parameter declaration; check against whichever is deployed. */
    private void checkAgainstAnyReader(Workflow w, StageStep step, List<WorkflowProblem> problems) {
        for (String name : List.of("hdf5", "hxn", "tiff")) {
            Optional<StageDescriptor> d = deployed.apply("reader", name);
            if (d.isPresent()) {
                checkParameters(w, step, d.get(), problems);
                return;
            }
        }
    }

    private static void checkParameters(Workflow w, StageStep step, StageDescriptor d, List<WorkflowProblem> problems) {
        for (var e : step.with().entrySet()) {
            int[] at = step.places().getOrDefault(e.getKey(), new int[] {step.line(), step.column()});
            try {
                Parameters.of(d, java.util.Map.of(e.getKey(), e.getValue()));
            } catch (IllegalArgumentException ex) {
                problems.add(new WorkflowProblem(w.file(), at[0], at[1], ex.getMessage()));
            }
        }
    }
}
