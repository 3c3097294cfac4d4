package io.cpa.certainty;

import java.util.Objects;

/**
 * The verbalized certainty (VC) read from one reply.
 *
 * @param status  parse class; value and level are present only when OK
 * @param level   the six-level answer, or null for numeric replies and non-OK replies
 * @param value   VC in [0, 1]: the level's value, or (v - 1) / 99 for a number v in 1..100
 * @param numeric the number given on the numeric scale, else null
 * @param raw     the reply as the model wrote it, always kept
 */
public record VerbalizedCertainty(ParseStatus status, CertaintyLevel level, Double value, Integer numeric, String raw) {
    public VerbalizedCertainty {
        Objects.requireNonNull(status, "status");
        raw = raw == null ? "" : raw;
        if (status == ParseStatus.OK && value == null) throw new IllegalArgumentException("an OK certainty needs a value");
        if (status != ParseStatus.OK && (value != null || level != null)) {
            throw new IllegalArgumentException("only an OK certainty carries a value");
        }
    }

    public static VerbalizedCertainty ofLevel(CertaintyLevel level, String raw) {
        return new VerbalizedCertainty(ParseStatus.OK, level, level.value(), null, raw);
    }

    public static VerbalizedCertainty ofNumber(int number, String raw) {
        if (number < 1 || number > 100) throw new IllegalArgumentException("numeric certainty outside 1..100: " + number);
        return new VerbalizedCertainty(ParseStatus.OK, null, (number - 1) / 99.0, number, raw);
    }

    public static VerbalizedCertainty failed(ParseStatus status, String raw) {
        return new VerbalizedCertainty(status, null, null, null, raw);
    }

    public boolean ok() { return status == ParseStatus.OK; }
}
