package org.braggflow.launcher.stage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.braggflow.api.stage.ParameterSpec;
import org.braggflow.api.stage.Parameters;
import org.braggflow.api.stage.StageDescriptor;

/** Parameter values as a workflow file spells them, for run.json and messages: enum constants as their declared option ({@code fraction-of-max}, not {@code FRACTION_OF_MAX}). */
public final class ParameterValues {

    private ParameterValues() {
    }

    /** Every value of {@code p}, in its order, with enum constants replaced by the option text that selects them. */
    public static Map<String, Object> asWritten(StageDescriptor declaration, Parameters p) {
        Map<String, Object> out = new LinkedHashMap<>();
        p.values().forEach((name, value) -> out.put(name, value instanceof Enum<?> e ? written(declaration, name, e) : value));
        return out;
    }

    /**
     * The declared option that converts to this constant: the declaration's own spelling, so the
     * record reads back through the same conversion a workflow goes through.
     */
    private static Object written(StageDescriptor declaration, String name, Enum<?> value) {
        return declaration.parameter(name).flatMap(spec -> spec.options().stream().filter(o -> converts(spec, o, value)).findFirst())
                .orElse(value.name());
    }

    private static boolean converts(ParameterSpec spec, String option, Enum<?> value) {
        try {
            return Objects.equals(spec.convert(option), value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
