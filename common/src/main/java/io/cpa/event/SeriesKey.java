package io.cpa.event;

import java.util.Objects;

/**
 * A series: one model, one source (route, application or dataset) and one certainty prompt variant.
 * Its string form is the Kafka key of {@code cpa.certainties}, so one series always lands on one partition.
 */
public record SeriesKey(String model, String source, String variant) {
    private static final char SEP = '|';

    public SeriesKey {
        model = clean(model, "model");
        source = clean(source, "source");
        variant = clean(variant, "variant");
    }

    private static String clean(String s, String field) {
        Objects.requireNonNull(s, field);
        if (s.isBlank()) throw new IllegalArgumentException("series " + field + " is blank");
        if (s.indexOf(SEP) >= 0) throw new IllegalArgumentException("series " + field + " contains '|': " + s);
        return s;
    }

    /** {@code model|source|variant} */
    public String key() {
        return model + SEP + source + SEP + variant;
    }

    public static SeriesKey parse(String key) {
        String[] parts = key.split("\\|", -1);
        if (parts.length != 3) throw new IllegalArgumentException("series key is not model|source|variant: " + key);
        return new SeriesKey(parts[0], parts[1], parts[2]);
    }

    @Override
    public String toString() { return key(); }
}
