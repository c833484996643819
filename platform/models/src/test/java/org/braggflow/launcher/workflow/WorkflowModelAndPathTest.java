package org.braggflow.launcher.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.launcher.models.ModelRegistry;
import org.braggflow.launcher.models.TinyEncoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code model:} key of encoder stages, and path parameters confined to the home. */
class WorkflowModelAndPathTest {

    @TempDir
    Path home;

    private Path file;
    private WorkflowParser parser;
    private WorkflowValidator validator;

    private static final String TEMPLATE = """
            id: encode
            stages:
              - type: reader
                use: auto
              - type: encoder
                use: tiny
                model: tiny-a
                with:
                  checkpointFolder: models/checkpoints
            """;

    @BeforeEach
    void setUp() throws Exception {
        file = home.resolve("workflows/encode.yaml");
        parser = new WorkflowParser(home);
        validator = new WorkflowValidator(home, (type, name) -> type.equals("encoder") && (name.equals("tiny") || name.equals("other"))
                ? Optional.of(StageDescriptor.of(type, name, new TinyEncoder())) : Optional.empty());
        TinyEncoder.register(new ModelRegistry(home.resolve("models")), "tiny-a");
    }

    @Test
    void anEncoderStageNamesARegisteredModel() throws Exception {
        Workflow w = parser.parse(file, TEMPLATE);
        StageStep encoder = w.stage("encoder").orElseThrow();
        assertEquals(new StageStep.ModelRef("tiny-a", 7, 12), encoder.model().orElseThrow());
        assertEquals(home, w.home());
        assertEquals(Optional.empty(), w.stage("reader").orElseThrow().model());
        WorkflowValidator.Result r = validator.validate(w);
        assertEquals(List.of(), r.problems());
        assertEquals(List.of(), r.waitingFor());
    }

    @Test
    void aModelNotRegisteredMakesTheWorkflowWaitForIt() throws Exception {
        WorkflowValidator.Result r = validator.validate(parser.parse(file, TEMPLATE.replace("tiny-a", "tiny-b")));
        assertTrue(r.valid(), r.problems().toString());
        assertEquals(List.of("model tiny-b"), r.waitingFor());
        TinyEncoder.register(new ModelRegistry(home.resolve("models")), "tiny-b");
        assertEquals(List.of(), validator.validate(parser.parse(file, TEMPLATE.replace("tiny-a", "tiny-b"))).waitingFor());
    }

    @Test
    void aModelOfAnotherEncoderOrWithADamagedRecordIsAProblemAtTheModelKey() throws Exception {
        WorkflowValidator.Result other = validator.validate(parser.parse(file, TEMPLATE.replace("use: tiny", "use: other")));
        assertEquals(List.of(file + ":7:12: model 'tiny-a' was made by encoder/tiny, not by encoder/other (use: tiny or another model)"),
                other.problems().stream().map(WorkflowProblem::toString).toList());
        Files.writeString(home.resolve("models/tiny-a/registry.json"), "{");
        String damaged = validator.validate(parser.parse(file, TEMPLATE)).problems().get(0).toString();
        assertTrue(damaged.startsWith(file + ":7:12: model 'tiny-a' cannot be used: " + home.resolve("models/tiny-a/registry.json")
                + " is not valid JSON"), damaged);
    }

    @Test
    void onlyEncoderStagesTakeAModelAndItsIdIsConfined() {
        String onDenoiser = TEMPLATE.replace("    model: tiny-a\n", "").replace("use: auto\n", "use: auto\n    model: tiny-a\n");
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse(file, onDenoiser));
        assertEquals(file + ":5:5: only encoder stages take a model, not a reader stage", e.problems().get(0).toString());
        for (String bad : new String[] {"../../etc", "/tmp/m", "Tiny"}) {
            WorkflowException b = assertThrows(WorkflowException.class, () -> parser.parse(file, TEMPLATE.replace("tiny-a", bad)));
            assertTrue(b.problems().get(0).toString().startsWith(file + ":7:12: '" + bad + "' is not a model id"), b.getMessage());
        }
    }

    @Test
    void pathParametersOutsideTheHomeAreProblemsAtTheParameter() throws Exception {
        assertTrue(validator.validate(parser.parse(file, TEMPLATE.replace("models/checkpoints", home.resolve("models/x").toString()))).valid(),
                "an absolute path inside the home is fine");
        for (String outside : new String[] {"../elsewhere", "/etc", "models/../../x"}) {
            List<String> problems = validator.validate(parser.parse(file, TEMPLATE.replace("models/checkpoints", outside))).problems()
                    .stream().map(WorkflowProblem::toString).toList();
            assertEquals(List.of(file + ":9:7: checkpointFolder '" + outside + "' is outside the Braggflow home " + home), problems);
        }
    }

    @Test
    void aLinkInsideTheHomeThatLeadsOutIsOutside(@TempDir Path elsewhere) throws Exception {
        Files.createSymbolicLink(home.resolve("escape"), elsewhere);
        List<String> problems = validator.validate(parser.parse(file, TEMPLATE.replace("models/checkpoints", "escape/checkpoints"))).problems()
                .stream().map(WorkflowProblem::toString).toList();
        assertEquals(List.of(file + ":9:7: checkpointFolder 'escape/checkpoints' is outside the Braggflow home " + home), problems);
        assertEquals(Optional.of(home.resolve("models/checkpoints")), WorkflowValidator.resolve(home, "models/checkpoints"));
    }

    @Test
    void aWorkflowWithoutAHomeCannotUsePathsOrModels() throws Exception {
        Workflow parsed = parser.parse(file, TEMPLATE);
        Workflow homeless = new Workflow(parsed.file(), parsed.id(), parsed.description(), parsed.inbox(), parsed.cron(), parsed.stages(),
                parsed.results(), parsed.clouds(), parsed.text(), parsed.sha256());
        WorkflowValidator byWorkflow = new WorkflowValidator((type, name) -> Optional.of(StageDescriptor.of(type, name, new TinyEncoder())));
        assertEquals(2, byWorkflow.validate(homeless).problems().size());
        assertTrue(byWorkflow.validate(parsed).valid(), "the validator without a home of its own uses the workflow's");
        assertTrue(byWorkflow.validate(parsed.withResults(home.resolve("elsewhere"))).valid(), "withResults keeps the home");
    }
}
