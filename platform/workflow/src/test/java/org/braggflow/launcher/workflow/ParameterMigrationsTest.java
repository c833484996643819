package org.braggflow.launcher.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.api.stage.StageType;
import org.braggflow.launcher.workflow.ParameterMigrations.Migration;
import org.junit.jupiter.api.Test;

/** A workflow naming a renamed or removed parameter is told what to write instead, at the line of the name. */
class ParameterMigrationsTest {

    private final Path home = Path.of("/srv/braggflow-home");
    private final WorkflowParser parser = new WorkflowParser(home);

    private final ParameterMigrations table = new ParameterMigrations(List.of(
            new Migration("denoiser/sor", "ratio", "stdRatio", "0.2.0", ""),
            new Migration("denoiser/sor", "bins", "", "0.3.0", "the neighbour histogram is gone; nothing replaces it"),
            new Migration("denoiser/sor", "k", "neighbours", "0.4.0", ""),
            new Migration("reader/*", "threshold", "maskThreshold", "0.2.0", "")));

    // the stages as deployed now declare the parameters WorkflowParserTest validates against
    private final WorkflowValidator validator = new WorkflowValidator(null, (type, name) ->
            type.equals("denoiser") && name.equals("sor") ? Optional.of(new StageDescriptor("denoiser", "sor", "", StageDescriptor.specs(WorkflowParserTest.SorLike.class)))
                    : type.equals("reader") ? Optional.of(new StageDescriptor("reader", "hdf5", "", StageDescriptor.specs(WorkflowParserTest.ReaderLike.class)))
                    : Optional.empty(), table);

    private List<WorkflowProblem> problems(String with, String readerWith) throws Exception {
        String text = "id: old\nstages:\n  - type: reader\n    use: auto\n" + readerWith + "  - type: denoiser\n    use: sor\n    with:\n" + with;
        return validator.validate(parser.parse(home.resolve("workflows/old.yaml"), text)).problems();
    }

    @Test
    void aRenamedParameterSaysItsNewName() throws Exception {
        List<WorkflowProblem> p = problems("      ratio: 1.5\n", "");
        assertEquals(1, p.size(), p.toString());
        assertEquals("parameter 'ratio' of denoiser/sor was renamed to 'stdRatio' in 0.2.0", p.get(0).message());
        assertEquals(8, p.get(0).line());
        assertEquals(7, p.get(0).column());
    }

    @Test
    void aRemovedParameterSaysItWasRemovedAndWhatToDo() throws Exception {
        List<WorkflowProblem> p = problems("      bins: 8\n", "");
        assertEquals(List.of("parameter 'bins' of denoiser/sor was removed in 0.3.0: the neighbour histogram is gone; nothing replaces it"),
                p.stream().map(WorkflowProblem::message).toList());
    }

    @Test
    void aNameTheStageStillDeclaresIsAcceptedWhateverTheTableSays() throws Exception {
        assertEquals(List.of(), problems("      k: 30\n", ""));
    }

    @Test
    void aNameTheTableDoesNotKnowIsStillAnUnknownParameter() throws Exception {
        List<WorkflowProblem> p = problems("      stdRatoi: 1.5\n", "");
        assertEquals(List.of("stage denoiser/sor has no parameter 'stdRatoi' (did you mean 'stdRatio'?)"),
                p.stream().map(WorkflowProblem::message).toList());
    }

    @Test
    void aRowForEveryStageOfATypeCoversReadersChosenPerScan() throws Exception {
        List<WorkflowProblem> p = problems("      k: 30\n", "    with:\n      threshold: 2\n");
        assertEquals(List.of("parameter 'threshold' of reader/auto was renamed to 'maskThreshold' in 0.2.0"),
                p.stream().map(WorkflowProblem::message).toList());
    }

    @Test
    void theShippedTableNamesRealStagesAndVersions() {
        for (Migration m : ParameterMigrations.SHIPPED.rows()) {
            String[] stage = m.stage().split("/");
            assertEquals(2, stage.length, m.stage());
            assertTrue(StageType.byId(stage[0]).isPresent(), m.stage());
            assertTrue(m.since().matches("\\d+\\.\\d+\\.\\d+"), m.since());
            assertFalse(m.parameter().equals(m.renamedTo()), m.toString());
        }
        assertEquals(Optional.of("parameter 'mode' of clusterer/kmeans was renamed to 'selection' in 0.1.0: "
                        + "write selection: elbow or selection: fixed where mode said elbow or fixed"),
                ParameterMigrations.SHIPPED.explain("clusterer", "kmeans", "mode"));
        assertEquals(Optional.empty(), ParameterMigrations.SHIPPED.explain("clusterer", "other", "mode"));
    }
}
