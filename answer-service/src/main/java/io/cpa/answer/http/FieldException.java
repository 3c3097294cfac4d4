package io.cpa.answer.http;

/**
 * A posted answer or label that cannot be accepted; {@code field} is the JSON path of the culprit, e.g.
 * {@code options[2].label}, or {@code ""} for the body as a whole. The routes answer it as 400 {@code {"error", "field"}}.
 */
public class FieldException extends RuntimeException {
    private final String field;

    public FieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
