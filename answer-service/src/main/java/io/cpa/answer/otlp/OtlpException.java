package io.cpa.answer.otlp;

/** A request that cannot be read as OTLP; {@code status} is the HTTP status to answer (400, 413, 415). */
public class OtlpException extends RuntimeException {
    private final int status;

    public OtlpException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
