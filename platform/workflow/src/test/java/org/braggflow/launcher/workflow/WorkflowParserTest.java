package org.braggflow.launcher.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.braggflow.api.stage.Parameter;
import org.braggflow.api.stage.StageDescriptor;
import org.junit.jupiter.api.Test;

class WorkflowParserTest {

    private final Path home = Path.of("/srv/braggflow-home");
    private final Path file = home.resolve("workflows/test.yaml");
    private final WorkflowParser parser = new WorkflowParser(home);

    @interface SorLike {
        @Parameter(doc = "neighbours", min = 1, max = 1000)
        int k() default 100;

        @Parameter(doc = "ratio", min = 0)
        double stdRatio() default 0.8;
    }

    @interface ReaderLike {
        @Parameter(doc = "mask threshold", min = 0)
        double maskThreshold() default 0;
    }

    private final WorkflowValidator validator = new WorkflowValidator((type, name) ->
            type.equals("denoiser") && name.equals("sor") ? Optional.of(new StageDescriptor("denoiser", "sor", "", StageDescriptor.specs(SorLike.class)))
                    : type.equals("reader") && name.equals("auto") ? Optional.of(new StageDescriptor("reader", "hdf5", "", StageDescriptor.specs(ReaderLike.class)))
                    : Optional.empty());

    private static final String GOOD = """
            id: nightly
            description: test
            triggers:
              inbox: inbox/nightly
              cron: "0 0 2 * * ?"
            stages:
              - type: reader
                use: auto
              - type: denoiser
                use: sor
                with:
                  k: 30
                  stdRatio: 1.5
            outputs:
              clouds: true
            """;

    @Test
    void aGoodFileParsesWithPathsInsideTheHome() throws Exception {
        Workflow w = parser.parse(file, GOOD);
        assertEquals("nightly", w.id());
        assertEquals(home.resolve("inbox/nightly"), w.inbox().orElseThrow());
        assertEquals("0 0 2 * * ?", w.cron().orElseThrow());
        assertEquals(home.resolve("results"), w.results());
        assertTrue(w.clouds());
        assertEquals("exporter/clouds", w.stages().get(w.stages().size() - 1).key(), "outputs: clouds: true adds the clouds exporter");
        assertEquals(3, w.stages().size());
        assertEquals(Map.of("k", 30L, "stdRatio", 1.5), w.stages().get(1).with());
        assertEquals(64, w.sha256().length());
        assertTrue(validator.validate(w).valid());
    }

    @Test
    void aStageWithoutTypeOrUseIsReportedAtThatStage() {
        String text = "id: x\nstages:\n  - type: reader\n    use: auto\n  - denoiser: sor\n    with: {k: 3}\n";
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse(file, text));
        java.util.List<String> problems = e.problems().stream().map(p -> p.line() + ":" + p.column() + " " + p.message()).toList();
        assertTrue(problems.contains("5:5 this stage has no 'type'"), problems.toString());
        assertTrue(problems.contains("5:5 this stage has no 'use'"), problems.toString());
        assertTrue(problems.stream().noneMatch(p -> p.startsWith("1:1")), "nothing is blamed on the file's first line: " + problems);
    }

    @Test
    void aLiveTriggerTakesDefaultsOrItsSettingsAndNeedsAnInboxAndAMapsStage() throws Exception {
        String stages = "stages:\n  - {type: reader, use: hxn}\n  - {type: maps, use: conventional}\n";
        Workflow plain = parser.parse(file, "id: x\ntriggers:\n  inbox: inbox/x\n  live: true\n" + stages);
        assertEquals(Workflow.Live.DEFAULT, plain.live().orElseThrow());
        Workflow set = parser.parse(file, "id: x\ntriggers:\n  inbox: inbox/x\n  live: {complete: marker, stableSeconds: 5, abandonSeconds: 90}\n" + stages);
        assertEquals(new Workflow.Live(Workflow.Live.Completion.MARKER, 5, 90), set.live().orElseThrow());
        assertTrue(parser.parse(file, "id: x\ntriggers:\n  inbox: inbox/x\n  live: false\n" + stages).live().isEmpty());

        WorkflowException bad = assertThrows(WorkflowException.class, () -> parser.parse(file,
                "id: x\ntriggers:\n  inbox: inbox/x\n  live: {complete: done, abandonSeconds: -1}\nstages:\n  - {type: reader, use: hxn}\n"));
        List<String> problems = bad.problems().stream().map(q -> q.line() + ":" + q.column() + " " + q.message()).toList();
        assertTrue(problems.stream().anyMatch(m -> m.startsWith("4:20 complete is 'stable'")), problems.toString());
        assertTrue(problems.stream().anyMatch(m -> m.contains("abandonSeconds is a number of seconds")), problems.toString());
        assertTrue(problems.stream().anyMatch(m -> m.startsWith("4:3 a live trigger shows maps")), problems.toString());
        WorkflowException noInbox = assertThrows(WorkflowException.class, () -> parser.parse(file, "id: x\ntriggers:\n  live: true\n" + stages));
        assertTrue(noInbox.getMessage().contains("a live trigger takes scans from an inbox"), noInbox.getMessage());
    }

    @Test
    void syntaxErrorsPointAtTheirLine() {
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse(file, "id: x\nstages: [\n  - type: reader\n"));
        WorkflowProblem p = e.problems().get(0);
        assertTrue(p.message().startsWith("not valid YAML"), p.message());
        assertTrue(p.line() >= 2, "line " + p.line());
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
    }

    @Test
    void unknownKeysBadCronAndPathsOutsideTheHomeAreReportedWithLineAndColumn() {
        String text = GOOD.replace("cron: \"0 0 2 * * ?\"", "cron: \"every night\"").replace("inbox: inbox/nightly", "inbox: ../../etc")
                .replace("outputs:", "outptus:");
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse(file, text));
        List<String> messages = e.problems().stream().map(WorkflowProblem::toString).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains(":4:10: '../../etc' is outside the Braggflow home")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains(":5:9: cron 'every night' is not a valid Quartz cron")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains(":14:1: unknown key 'outptus'")), messages.toString());
    }

    @Test
    void unknownParameterWrongTypeAndRangeAreReportedAtTheParameter() throws Exception {
        String text = GOOD.replace("k: 30", "kk: 30").replace("stdRatio: 1.5", "stdRatio: many");
        WorkflowValidator.Result r = validator.validate(parser.parse(file, text));
        List<String> messages = r.problems().stream().map(WorkflowProblem::toString).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains(":12:7: stage denoiser/sor has no parameter 'kk' (did you mean 'k'?)")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains(":13:7: stdRatio must be a number, not 'many'")), messages.toString());
        String range = GOOD.replace("k: 30", "k: 0");
        assertTrue(validator.validate(parser.parse(file, range)).problems().get(0).message().contains("outside the allowed range [1, 1000]"));
    }

    @Test
    void anAutoReadersParametersAreCheckedAgainstADeployedReader() throws Exception {
        String text = GOOD.replace("    use: auto\n", "    use: auto\n    with: {maskThreshold: -1}\n");
        List<String> messages = validator.validate(parser.parse(file, text)).problems().stream().map(WorkflowProblem::toString).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains("maskThreshold = -1 is outside the allowed range")), messages.toString());
    }

    @Test
    void anImplementationNotDeployedMakesTheWorkflowWaitNotFail() throws Exception {
        WorkflowValidator.Result r = validator.validate(parser.parse(file, GOOD.replace("use: sor", "use: lpa-ici")));
        assertTrue(r.valid());
        assertEquals(List.of("denoiser/lpa-ici", "exporter/clouds"), r.waitingFor(), "the clouds shorthand names the clouds exporter too");
    }

    @Test
    void stagesOutOfDataFlowOrderAndUnknownTypesAreProblems() throws Exception {
        String text = """
                id: odd
                stages:
                  - type: denoiser
                    use: sor
                  - type: reader
                    use: auto
                  - type: smoother
                    use: x
                """;
        List<String> messages = validator.validate(parser.parse(file, text)).problems().stream().map(WorkflowProblem::toString).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains(":5:5: a reader stage cannot follow a denoiser stage")), messages.toString());
        assertTrue(messages.stream().anyMatch(m -> m.contains(":7:5: unknown stage type 'smoother'")), messages.toString());
    }

    @Test
    void aRefinerNeedsAClustererBeforeIt() throws Exception {
        String text = """
                id: refined
                stages:
                  - type: reader
                    use: auto
                  - type: refiner
                    use: stitched
                """;
        List<String> messages = validator.validate(parser.parse(file, text)).problems().stream().map(WorkflowProblem::toString).toList();
        assertTrue(messages.stream().anyMatch(m -> m.contains(":5:5: a refiner revisits a clusterer's labels: put a clusterer stage before it")), messages.toString());
        String withClusterer = text.replace("  - type: refiner", "  - type: clusterer\n    use: kmeans\n  - type: refiner");
        assertTrue(validator.validate(parser.parse(file, withClusterer)).problems().isEmpty());
    }

    @Test
    void aRetrainingWorkflowHasACronATrainingSectionAndOneEncoderStep() throws Exception {
        String good = """
                id: retrain
                triggers:
                  cron: "0 0 2 * * ?"
                training:
                  clouds-of: lattice-defects
                  last-scans: 5
                  model: nightly
                stages:
                  - type: encoder
                    use: pca
                """;
        Workflow w = parser.parse(file, good);
        assertEquals(new Workflow.Training("lattice-defects", 5, "nightly"), w.training().orElseThrow());
        assertTrue(w.inbox().isEmpty());
        assertTrue(validator.validate(w).problems().isEmpty(), "no reader needed: " + validator.validate(w).problems());

        String bad = """
                id: retrain
                triggers:
                  inbox: inbox/retrain
                training:
                  clouds-of: Lattice Defects
                  last-scans: 0
                  model: "no/slashes"
                stages:
                  - type: reader
                    use: auto
                  - type: encoder
                    use: pca
                """;
        WorkflowException e = assertThrows(WorkflowException.class, () -> parser.parse(file, bad));
        List<String> messages = e.problems().stream().map(WorkflowProblem::toString).toList();
        for (String expected : List.of(":3:10: a training workflow takes no inbox", ":5:14: clouds-of names a workflow id",
                ":6:15: last-scans must be a whole number from 1 to 10000", ":7:10: model 'no/slashes' is not a valid model id",
                "a training section needs a cron trigger", "a training workflow has one stage: the encoder it trains")) {
            assertTrue(messages.stream().anyMatch(m -> m.contains(expected)), expected + " in " + messages);
        }
    }
}
