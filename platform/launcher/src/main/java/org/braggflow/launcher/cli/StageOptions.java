package org.braggflow.launcher.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.braggflow.api.stage.Parameters;
import org.braggflow.launcher.stage.DeployedStage;
import org.braggflow.launcher.stage.StageRegistry;
import org.braggflow.launcher.stage.StageUnavailableException;
import org.braggflow.launcher.workflow.ParameterMigrations;
import picocli.CommandLine.Option;

/** {@code --use NAME --set name=value ...}: one deployed stage and its parameter values, for commands that call a stage directly. */
final class StageOptions {

    /** How long a stage missing at first is waited for (a bundle being replaced is briefly absent). */
    static final Duration STAGE_WAIT = Duration.ofSeconds(5);

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "A stage parameter (repeatable); see braggflow help stage TYPE/NAME")
    List<String> settings = List.of();

    /** The deployed stage and its validated parameters; a bad name or value is an IllegalArgumentException with the reason. */
    record Bound(DeployedStage stage, Parameters parameters) {
    }

    Bound bind(StageRegistry registry, String type, String name) throws InterruptedException {
        return bind(registry, type, name, STAGE_WAIT, ParameterMigrations.SHIPPED);
    }

    Bound bind(StageRegistry registry, String type, String name, Duration wait, ParameterMigrations migrations) throws InterruptedException {
        DeployedStage stage;
        try {
            stage = registry.await(type, name, wait);
        } catch (StageUnavailableException e) {
            throw new BadInputException(unknown(registry, type, name));
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (String s : settings) {
            int eq = s.indexOf('=');
            if (eq <= 0) throw new BadInputException("--set needs NAME=VALUE, got '" + s + "'");
            String key = s.substring(0, eq).trim();
            if (stage.descriptor().parameter(key).isEmpty()) {
                migrations.explain(type, name, key).ifPresent(m -> {
                    throw new BadInputException(m);
                });
            }
            values.put(key, s.substring(eq + 1).trim());
        }
        return new Bound(stage, Parameters.of(stage.descriptor(), values));
    }

    /** "unknown denoiser 'x': deployed denoiser stages are lpa-ici, sor". */
    static String unknown(StageRegistry registry, String type, String name) {
        List<String> ofType = registry.list().stream().filter(s -> s.type().equals(type)).map(DeployedStage::name).distinct().toList();
        return "unknown " + type + " '" + name + "': deployed " + type + " stages are " + (ofType.isEmpty() ? "none" : String.join(", ", ofType))
                + " (braggflow stages lists them)";
    }
}
