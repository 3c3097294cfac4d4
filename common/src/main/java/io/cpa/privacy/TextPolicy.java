package io.cpa.privacy;

import java.util.Arrays;
import java.util.Locale;

/**
 * What an event may hold of a private text (a prompt, an answer, an option's text, a certainty reply), from the
 * loosest to the strictest: the declaration order is the strictness order that {@link #stricter} relies on.
 */
public enum TextPolicy {
    /** The text as it came. */
    KEEP,
    /** The first {@code truncate-chars} characters, and a mark that the text was cut. */
    TRUNCATE,
    /** No text at all: only a digest (and, for the certainty call, ciphertext when a transit key is configured). */
    NONE;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy named {@code value} ({@code keep}, {@code truncate}, {@code none}, any case); a bad name names {@code key}. */
    public static TextPolicy byName(String value, String key) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        for (TextPolicy p : values()) if (p.configName().equals(v)) return p;
        throw new IllegalArgumentException(key + ": expected one of " + Arrays.stream(values()).map(TextPolicy::configName).toList()
                + ", got '" + value + "'");
    }

    /** The stricter of the two: none before truncate before keep. */
    public TextPolicy stricter(TextPolicy other) {
        return other == null || ordinal() >= other.ordinal() ? this : other;
    }
}
