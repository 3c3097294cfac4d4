package io.cpa.event;

/** A record that cannot be read as an event; its message is the reason written to the dead-letter topic. */
public class InvalidEventException extends RuntimeException {
    public InvalidEventException(String reason, Throwable cause) {
        super(reason, cause);
    }

    public InvalidEventException(String reason) {
        super(reason);
    }
}
