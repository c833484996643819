package org.braggflow.launcher.workflow;

import java.util.List;
import java.util.Optional;

/**
 * Stage parameters that were renamed or removed, in one table, so a workflow file (or a {@code --set})
 * written for an older release is told what to write instead of only "no parameter". A stage keeps
 * accepting an old name as long as it still declares it; the table speaks only for names the deployed
 * stage no longer knows. Add a row whenever a parameter of a shipped stage is renamed or removed.
 */
public final class ParameterMigrations {

    /**
     * One renamed or removed parameter.
     *
     * @param stage     "type/name" of the stage, or "type/*" for every stage of a type (readers share one declaration)
     * @param parameter the old name
     * @param renamedTo the new name, empty when the parameter was removed
     * @param since     the bundle version that renamed or removed it
     * @param advice    what to write instead, when more than the new name is needed (may be empty)
     */
    public record Migration(String stage, String parameter, String renamedTo, String since, String advice) {

        boolean applies(String type, String name, String parameterName) {
            return parameter.equals(parameterName) && (stage.equals(type + "/" + name) || stage.equals(type + "/*"));
        }

        /** The message for a workflow that names the old parameter of stage {@code type/name}. */
        public String message(String type, String name) {
            String what = "parameter '" + parameter + "' of " + type + "/" + name + " was "
                    + (renamedTo.isEmpty() ? "removed" : "renamed to '" + renamedTo + "'") + " in " + since;
            return advice.isEmpty() ? what : what + ": " + advice;
        }
    }

    /**
     * The shipped table. clusterer/kmeans: {@code mode} (elbow or fixed) became {@code selection} when the
     * silhouette and gap criteria came (commit 3082d81); the stage still reads an old {@code mode}, so this
     * row speaks once it stops declaring it.
     */
    public static final ParameterMigrations SHIPPED = new ParameterMigrations(List.of(
            new Migration("clusterer/kmeans", "mode", "selection", "0.1.0",
                    "write selection: elbow or selection: fixed where mode said elbow or fixed")));

    private final List<Migration> rows;

    public ParameterMigrations(List<Migration> rows) {
        this.rows = List.copyOf(rows);
    }

    public List<Migration> rows() {
        return rows;
    }

    /** What became of a parameter that stage {@code type/name} does not declare, if the table knows. */
    public Optional<Migration> find(String type, String name, String parameter) {
        return rows.stream().filter(m -> m.applies(type, name, parameter)).findFirst();
    }

    /** The message for an undeclared parameter of stage {@code type/name}, if the table knows what became of it. */
    public Optional<String> explain(String type, String name, String parameter) {
        return find(type, name, parameter).map(m -> m.message(type, name));
    }
}
