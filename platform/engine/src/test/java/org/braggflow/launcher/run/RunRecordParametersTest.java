package org.braggflow.launcher.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.stage.Parameter;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;
import org.braggflow.launcher.camel.StageProducer;
import org.braggflow.launcher.stage.DeployedStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json records each stage's parameters as a workflow writes them, so the record can be copied back into a workflow. */
class RunRecordParametersTest {

    enum Threshold { FRACTION_OF_MAX, ABSOLUTE }

    enum Plane { AUTO, PLANE_45 }

    @interface Declared {
        @Parameter(doc = "threshold mode")
        Threshold mode() default Threshold.FRACTION_OF_MAX;

        @Parameter(doc = "plane")
        Plane plane() default Plane.AUTO;

        @Parameter(doc = "threshold", min = 0)
        double threshold() default 0.05;

        @Parameter(doc = "points", min = 0)
        int maxPoints() default 0;

        @Parameter(doc = "intensity")
        boolean keepIntensity() default false;
    }

    private final StageDescriptor declaration = new StageDescriptor("cloud", "threshold", "test", StageDescriptor.specs(Declared.class));
    private final DeployedStage stage = new DeployedStage(declaration, "org.braggflow.cloud.threshold", "0.1.0", 7, null);

    @Test
    void enumsAreWrittenInKebabCaseAndReadBackToTheSameValues(@TempDir Path folder) throws Exception {
        Parameters used = Parameters.of(declaration, Map.of("plane", "plane-45", "maxPoints", 3000));
        RunRecord record = RunRecord.starting("w", "w.yaml", "0", java.time.Instant.now());
        record.stages(List.of(StageProducer.provenance(stage, used, 2)));
        record.write(folder);

        String text = Files.readString(folder.resolve("run.json"));
        JsonNode p = new ObjectMapper().readTree(text).get("stages").get(0).get("parameters");
        assertEquals("fraction-of-max", p.get("mode").asText());
        assertEquals("plane-45", p.get("plane").asText());
        assertEquals(0.05, p.get("threshold").asDouble(), 0);
        assertEquals(3000, p.get("maxPoints").asInt());
        assertEquals(false, p.get("keepIntensity").asBoolean());
        assertFalse(text.contains("FRACTION_OF_MAX") || text.contains("PLANE_45"), text);

        Map<String, Object> again = new LinkedHashMap<>();
        p.fields().forEachRemaining(f -> again.put(f.getKey(), f.getValue().isTextual() ? f.getValue().asText() : f.getValue().numberValue() != null
                ? f.getValue().numberValue() : f.getValue().asBoolean()));
        assertEquals(used.values(), Parameters.of(declaration, again).values(), "the recorded values, written into a workflow, give the same run");
    }
}
