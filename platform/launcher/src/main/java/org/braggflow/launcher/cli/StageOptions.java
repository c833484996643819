package org.braggflow.launcher.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.stage.Parameters;
import org.braggflow.launcher.stage.DeployedStage;
import org.braggflow.launcher.stage.StageRegistry;
import org.braggflow.launcher.stage.StageUnavailableException;
import picocli.CommandLine.Option;

/** {@code --use NAME --set name=value ...}: one deployed stage and its parameter values, for commands that call a stage directly. */
final class StageOptions {

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A stage parameter (repeatable); see braggflow stages")
    List<String> settings = List.of();

    /** The deployed stage and its validated parameters; a bad name or value is an IllegalArgumentException with the reason. */
    record Bound(DeployedStage stage, Parameters parameters) {
    }

    Bound bind(StageRegistry registry, String type, String name) throws InterruptedException {
        DeployedStage stage;
        try {
            stage = registry.await(type, name, Duration.ofSeconds(5));
        } catch (StageUnavailableException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--set needs NAME=VALUE, got '" + s + "'");
            values.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return new Bound(stage, Parameters.of(stage.descriptor(), values));
    }
}
