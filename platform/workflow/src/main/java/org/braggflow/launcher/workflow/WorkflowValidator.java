package org.braggflow.launcher.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.braggflow.api.stage.ParameterSpec;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.api.stage.StageType;

/**
 * Checks a workflow against the stages deployed now and the home's model registry (asked through a
 * {@link ModelLookup}): known stage types
 * in data-flow order, and for each implementation that is deployed, every parameter known, of the
 * right type and in range, and every path parameter inside the home. An implementation that is not
 * deployed, or a model that is not registered, is not an error: the workflow waits for it. A model
 * made by another encoder than the stage's is an error. Model files are not hashed here (this runs
 * every second while serving); each run verifies the model it loads. A parameter the stage does not
 * declare is reported with what to write instead when {@link ParameterMigrations} knows it was renamed
 * or removed.
 */
public final class WorkflowValidator {

    /** The outcome: problems (the workflow cannot run) and what it waits for (it can run once they arrive). */
    public record Result(List<WorkflowProblem> problems, List<String> waitingFor) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    private final Path home;
    private final BiFunction<String, String, Optional<StageDescriptor>> deployed;
    private final ParameterMigrations migrations;
    private final ModelLookup models;

    /**
     * @param home       the Braggflow home: relative path parameters resolve against it and may not leave
     *                   it; models are looked up in its registry; null: each workflow's own home
     * @param deployed   the descriptor of the deployed stage of a type and name, if any
     * @param migrations renamed and removed parameters, for the message about an undeclared one
     * @param models     which stage made a model in a home's registry
     */
    public WorkflowValidator(Path home, BiFunction<String, String, Optional<StageDescriptor>> deployed, ParameterMigrations migrations,
                             ModelLookup models) {
        this.home = home == null ? null : home.toAbsolutePath().normalize();
        this.deployed = deployed;
        this.migrations = migrations;
        this.models = models;
    }

    /** With the model registry found on the class path ({@link ModelLookup#onClassPath()}). */
    public WorkflowValidator(Path home, BiFunction<String, String, Optional<StageDescriptor>> deployed, ParameterMigrations migrations) {
        this(home, deployed, migrations, ModelLookup.onClassPath());
    }

    /** With the shipped table of renamed and removed parameters. */
    public WorkflowValidator(Path home, BiFunction<String, String, Optional<StageDescriptor>> deployed) {
        this(home, deployed, ParameterMigrations.SHIPPED);
    }

    /** Checks each workflow against the home it was parsed with ({@link Workflow#home()}). */
    public WorkflowValidator(BiFunction<String, String, Optional<StageDescriptor>> deployed) {
        this(null, deployed);
    }

    public Result validate(Workflow w) {
        Path base = home != null ? home : w.home();
        List<WorkflowProblem> problems = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        int lastOrder = -1;
        boolean reader = false, clusterer = false;
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
                        + " stage cannot follow a " + StageType.values()[lastOrder].id() + " stage: data flows "
                        + String.join(", ", java.util.Arrays.stream(StageType.values()).map(StageType::id).toList())));
            }
            lastOrder = Math.max(lastOrder, order);
            reader |= type.get() == StageType.READER;
            if (type.get() == StageType.REFINER && !clusterer) {
                problems.add(new WorkflowProblem(w.file(), step.line(), step.column(), "a refiner revisits a clusterer's labels: put a clusterer stage before it"));
            }
            clusterer |= type.get() == StageType.CLUSTERER;
            step.model().ifPresent(m -> checkModel(w, step, m, base, problems, waiting));
            if (step.use().equals(StageStep.AUTO)) {
                if (type.get() != StageType.READER) {
                    problems.add(new WorkflowProblem(w.file(), step.line(), step.column(), "'use: auto' is only for readers"));
                } else if (!step.with().isEmpty()) {
                    checkAgainstAnyReader(w, step, base, problems);
                }
                continue;
            }
            Optional<StageDescriptor> d = deployed.apply(step.type(), step.use());
            if (d.isEmpty()) {
                if (!waiting.contains(step.key())) waiting.add(step.key());
                continue;
            }
            checkParameters(w, step, d.get(), base, problems);
        }
        if (!reader && w.training().isEmpty()) problems.add(new WorkflowProblem(w.file(), 1, 1, "a workflow needs a reader stage (use: auto picks one per scan)"));
        return new Result(problems, waiting);
    }

    /**
     * Readers share one parameter declaration; {@code use: auto} is checked against whichever reader
     * the lookup gives for the name {@code auto} (any deployed one; none deployed: nothing to check).
     */
    private void checkAgainstAnyReader(Workflow w, StageStep step, Path base, List<WorkflowProblem> problems) {
        deployed.apply("reader", StageStep.AUTO).ifPresent(d -> checkParameters(w, step, d, base, problems));
    }

    private void checkParameters(Workflow w, StageStep step, StageDescriptor d, Path base, List<WorkflowProblem> problems) {
        for (var e : step.with().entrySet()) {
            int[] at = step.places().getOrDefault(e.getKey(), new int[] {step.line(), step.column()});
            Optional<String> migrated = d.parameter(e.getKey()).isPresent() ? Optional.empty()
                    : migrations.explain(step.type(), step.use(), e.getKey());
            if (migrated.isPresent()) {
                problems.add(new WorkflowProblem(w.file(), at[0], at[1], migrated.get()));
                continue;
            }
            try {
                Parameters.of(d, Map.of(e.getKey(), e.getValue()));
            } catch (IllegalArgumentException ex) {
                problems.add(new WorkflowProblem(w.file(), at[0], at[1], ex.getMessage()));
                continue;
            }
            Optional<ParameterSpec> spec = d.parameter(e.getKey());
            String value = String.valueOf(e.getValue());
            if (spec.isEmpty() || !spec.get().path() || value.isBlank()) continue;
            if (base == null) {
                problems.add(new WorkflowProblem(w.file(), at[0], at[1], e.getKey() + " is a path, and this workflow was not read"
                        + " against a Braggflow home to resolve it in"));
            } else if (resolve(base, value).isEmpty()) {
                problems.add(new WorkflowProblem(w.file(), at[0], at[1], e.getKey() + " '" + value + "' is outside the Braggflow home " + base));
            }
        }
    }

    private void checkModel(Workflow w, StageStep step, StageStep.ModelRef m, Path base,
                            List<WorkflowProblem> problems, List<String> waiting) {
        if (base == null) {
            problems.add(new WorkflowProblem(w.file(), m.line(), m.column(), "model '" + m.id()
                    + "' cannot be looked up: this workflow was not read against a Braggflow home"));
            return;
        }
        try {
            Optional<ModelLookup.Maker> maker = models.maker(base, m.id());
            if (maker.isEmpty()) {
                String what = "model " + m.id();
                if (!waiting.contains(what)) waiting.add(what);
            } else if (!maker.get().stageType().equals(step.type()) || !maker.get().stageName().equals(step.use())) {
                problems.add(new WorkflowProblem(w.file(), m.line(), m.column(), "model '" + m.id() + "' was made by "
                        + maker.get().key() + ", not by " + step.key() + " (use: " + maker.get().stageName() + " or another model)"));
            }
        } catch (IOException e) {
            problems.add(new WorkflowProblem(w.file(), m.line(), m.column(), "model '" + m.id() + "' cannot be used: " + e.getMessage()));
        }
    }

    /**
     * A path parameter's value as the stage gets it: resolved against the home and normalised, or
     * empty when it leaves the home, lexically ({@code ..}, an absolute path elsewhere) or through a
     * symbolic link inside the home that leads out of it.
     */
    public static Optional<Path> resolve(Path home, String value) {
        Path base = home.toAbsolutePath().normalize();
        Path p;
        try {
            p = base.resolve(value).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
        if (!p.startsWith(base)) return Optional.empty();
        // the deepest part that exists decides where the path really leads
        Path existing = p;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing != null && Files.exists(base)) {
            try {
                if (!existing.toRealPath().startsWith(base.toRealPath())) return Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(p);
    }
}
