package org.braggflow.launcher.workflow;

import java.util.Map;

/**
 * One stage of a workflow: its type, the implementation it uses ({@code auto} lets a reader be
 * chosen per scan) and the parameter values written in the file, with the line and column of each
 * value for messages.
 */
public record StageStep(String type, String use, Map<String, Object> with, Map<String, int[]> places, int line, int column) {

    public static final String AUTO = "auto";

    public StageStep {
        with = Map.copyOf(with);
        places = Map.copyOf(places);
    }

    /** "type/use", as in messages and provenance. */
    public String key() {
        return type + "/" + use;
    }
}
