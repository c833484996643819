package org.braggflow.launcher.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.braggflow.api.stage.Parameter;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;

/**
 * The validator asks a {@link ModelLookup} about the models a workflow names, with the home the
 * workflow resolves against; without the launcher on the class path there is no registry to ask.
 */
class ModelLookupTest {

    private final Path home = Path.of("/srv/braggflow-home");
    private final Path file = home.resolve("workflows/encode.yaml");

    @interface EncoderLike {
        @Parameter(doc = "feature size", min = 1)
        int featureSize() default 512;
    }

    private static final String ENCODE = """
            id: encode
            stages:
              - type: reader
                use: auto
              - type: encoder
                use: tiny
                model: tiny-a
            """;

    private final List<String> asked = new ArrayList<>();

    private WorkflowValidator validator(ModelLookup models) {
        return new WorkflowValidator(null, (type, name) -> type.equals("encoder")
                ? Optional.of(new StageDescriptor(type, name, "", StageDescriptor.specs(EncoderLike.class))) : Optional.empty(),
                ParameterMigrations.SHIPPED, (h, id) -> {
                    asked.add(h + " " + id);
                    return models.maker(h, id);
                });
    }

    private WorkflowValidator.Result validate(ModelLookup models, String text) throws Exception {
        return validator(models).validate(new WorkflowParser(home).parse(file, text));
    }

    @Test
    void aModelOfTheStageIsFineAndIsLookedUpInTheWorkflowsHome() throws Exception {
        WorkflowValidator.Result r = validate((h, id) -> Optional.of(new ModelLookup.Maker("encoder", "tiny")), ENCODE);
        assertEquals(List.of(), r.problems());
        assertEquals(List.of(), r.waitingFor());
        assertEquals(List.of(home + " tiny-a"), asked);
    }

    @Test
    void anUnknownModelIsWaitedForAndAnotherEncodersModelIsAProblemAtTheModelKey() throws Exception {
        WorkflowValidator.Result missing = validate((h, id) -> Optional.empty(), ENCODE);
        assertTrue(missing.valid(), missing.problems().toString());
        assertEquals(List.of("model tiny-a"), missing.waitingFor());
        WorkflowValidator.Result other = validate((h, id) -> Optional.of(new ModelLookup.Maker("encoder", "pca")), ENCODE);
        assertEquals(List.of(file + ":7:12: model 'tiny-a' was made by encoder/pca, not by encoder/tiny (use: pca or another model)"),
                other.problems().stream().map(WorkflowProblem::toString).toList());
    }

    @Test
    void anUnreadableModelIsAProblemWithTheLookupsReason() throws Exception {
        WorkflowValidator.Result r = validate((h, id) -> {
            throw new IOException("registry.json is not valid JSON");
        }, ENCODE);
        assertEquals(List.of(file + ":7:12: model 'tiny-a' cannot be used: registry.json is not valid JSON"),
                r.problems().stream().map(WorkflowProblem::toString).toList());
    }

    @Test
    void withoutARegistryOnTheClassPathTheModelCannotBeUsed() throws Exception {
        WorkflowValidator.Result r = validate(ModelLookup.onClassPath(), ENCODE);
        assertEquals(List.of(file + ":7:12: model 'tiny-a' cannot be used: no model registry on the class path"),
                r.problems().stream().map(WorkflowProblem::toString).toList());
    }
}
