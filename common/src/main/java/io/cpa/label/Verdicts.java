package io.cpa.label;

import java.util.List;

/**
 * What each kind of labeller says about one answer: for every {@link LabelKind}, no verdict, incorrect or correct.
 * Immutable, and one byte: two bits per kind (bits 2i, 2i+1 for the kind of ordinal i), 0 none, 1 incorrect,
 * 2 correct (the code of the correctness axis of the time buckets); 3 is never used.
 *
 * <p>Kinds are kept apart so that a verdict can be replaced by its own kind without touching the others, and so that
 * calibration can be computed per kind; the headline correctness is the verdict of the first kind in a precedence
 * ({@link #headline}).
 *
 * @param bits the byte form
 */
public record Verdicts(byte bits) {
    /** No kind has judged. */
    public static final Verdicts NONE = new Verdicts((byte) 0);
    private static final int INCORRECT = 1;
    private static final int CORRECT = 2;

    public Verdicts {
        for (LabelKind k : LabelKind.values()) {
            if (code(bits, k) == 3) throw new IllegalArgumentException("verdicts byte " + (bits & 0xFF) + ": code 3 for " + k.id());
        }
    }

    /** The verdicts of an answer whose only label is the one that travelled with it (null: none). */
    public static Verdicts gold(Boolean correct) {
        return NONE.with(LabelKind.GOLD, correct);
    }

    private static int code(byte bits, LabelKind k) {
        return (bits >>> (2 * k.ordinal())) & 3;
    }

    /** The verdict of {@code kind}: true correct, false incorrect, null when that kind has not judged. */
    public Boolean of(LabelKind kind) {
        int c = code(bits, kind);
        return c == 0 ? null : c == CORRECT;
    }

    public boolean has(LabelKind kind) {
        return code(bits, kind) != 0;
    }

    public boolean isEmpty() {
        return bits == 0;
    }

    /** These verdicts with {@code kind}'s replaced by {@code correct} (null removes it). */
    public Verdicts with(LabelKind kind, Boolean correct) {
        int shift = 2 * kind.ordinal();
        int code = correct == null ? 0 : correct ? CORRECT : INCORRECT;
        return new Verdicts((byte) ((bits & ~(3 << shift)) | code << shift));
    }

    /** The verdict of the first kind in {@code precedence} that has one, or null when none of them has. */
    public Boolean headline(List<LabelKind> precedence) {
        for (LabelKind k : precedence) {
            if (has(k)) return of(k);
        }
        return null;
    }

    /** Whether some kind says {@code correct}. */
    public boolean contains(boolean correct) {
        for (LabelKind k : LabelKind.values()) {
            if (code(bits, k) == (correct ? CORRECT : INCORRECT)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Verdicts[");
        for (LabelKind k : LabelKind.values()) {
            if (!has(k)) continue;
            if (s.length() > 9) s.append(", ");
            s.append(k.id()).append('=').append(of(k) ? "correct" : "incorrect");
        }
        return s.append(']').toString();
    }
}
