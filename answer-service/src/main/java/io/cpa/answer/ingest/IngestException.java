package io.cpa.answer.ingest;

/** An ingested answer that cannot be accepted; {@code field} is the JSON path of the culprit, e.g. {@code options[2].label}. */
public class IngestException extends RuntimeException {
    private final String field;

    public IngestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
