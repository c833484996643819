package org.braggflow.launcher.models;

import java.io.IOException;

/** No model of that id is registered: unlike a damaged model, something a user may still import or train. */
public final class UnknownModelException extends IOException {

    public UnknownModelException(String message) {
        super(message);
    }
}
