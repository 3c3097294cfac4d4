package io.cpa.dataset;

/**
 * A dataset file that cannot be read. The message names the source, the 1-based line and the field, e.g.
 * {@code train.jsonl:17: field choices.label: expected an array}.
 */
public class DatasetException extends RuntimeException {
    private final String source;
    private final int line;
    private final String field;

    public DatasetException(String source, int line, String field, String problem, Throwable cause) {
        super(source + ":" + line + ": " + (field == null ? "" : "field " + field + ": ") + problem, cause);
        this.source = source;
        this.line = line;
        this.field = field;
    }

    public DatasetException(String source, int line, String field, String problem) {
        this(source, line, field, problem, null);
    }

    public String source() { return source; }

    /** 1-based line number, 0 when the problem is not tied to a line (e.g. the file cannot be opened). */
    public int line() { return line; }

    /** The JSON field, or null when the line as a whole is at fault. */
    public String field() { return field; }
}
