package org.braggflow.launcher.stage;

/** No service is deployed for a stage type and name within the allowed wait. */
public final class StageUnavailableException extends Exception {

    public StageUnavailableException(String message) {
        super(message);
    }
}
