package io.cpa.analysis.api;

/** A request parameter with a bad value: answered 400 with {@code {"error": ..., "field": ...}}. */
public class BadParameter extends RuntimeException {
    private final String field;

    public BadParameter(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /**
     * An integer query parameter in [min, max], {@code fallback} when absent. Read from the raw string: JAX-RS would
     * answer a non-number with a bare 404 that names nothing.
     */
    public static int intParam(String raw, String field, int min, int max, int fallback) {
        if (raw == null || raw.isBlank()) return fallback;
        try {
            int v = Integer.parseInt(raw.trim());
            if (v >= min && v <= max) return v;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameter(field, field + " must be an integer in " + min + ".." + max + ", got '" + raw + "'");
    }
}
