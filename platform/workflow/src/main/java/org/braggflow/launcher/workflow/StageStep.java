package org.braggflow.launcher.workflow;

import java.util.Map;
import java.util.Optional;

/**
 * One stage of a workflow: its type, the implementation it uses ({@code auto} lets a reader be
 * chosen per scan), for an encoder the registered model it encodes with (none: it trains one on each
 * scan), and the parameter values written in the file, with the line and column of each value for
 * messages.
 */
public record StageStep(String type, String use, Optional<ModelRef> model, Map<String, Object> with, Map<String, int[]> places,
                        int line, int column) {

    public static final String AUTO = "auto";

    /** The {@code model:} of an encoder stage: a model id in the home's registry, and where it is written. */
    public record ModelRef(String id, int line, int column) {
    }

    public StageStep {
        with = Map.copyOf(with);
        places = Map.copyOf(places);
    }

    /** A step without a model. */
    public StageStep(String type, String use, Map<String, Object> with, Map<String, int[]> places, int line, int column) {
        this(type, use, Optional.empty(), with, places, line, column);
    }

    /** "type/use", as in messages and provenance. */
    public String key() {
        return type + "/" + use;
    }
}
