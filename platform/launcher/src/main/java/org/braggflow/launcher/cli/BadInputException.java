package org.braggflow.launcher.cli;

/**
 * A command was given something it cannot use (a missing file, a folder where a file is needed, an
 * unknown name). It is an {@link IllegalArgumentException} so the commands that already report those
 * as usage errors do the same with it; anything else reaching {@link Main} exits 2 with the message.
 */
final class BadInputException extends IllegalArgumentException {

    BadInputException(String message) {
        super(message);
    }
}
