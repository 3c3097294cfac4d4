package io.cpa.certainty;

/** The six-level verbal scale of the paper's LSU prompts, with its value mapping (very certain 1.0 ... very uncertain 0.0). */
public enum CertaintyLevel {
    VERY_CERTAIN("a", "Very Certain", 1.0),
    FAIRLY_CERTAIN("b", "Fairly Certain", 0.8),
    MODERATELY_CERTAIN("c", "Moderately Certain", 0.6),
    SOMEWHAT_CERTAIN("d", "Somewhat Certain", 0.4),
    NOT_CERTAIN("e", "Not Certain", 0.2),
    VERY_UNCERTAIN("f", "Very Uncertain", 0.0);

    private final String letter;
    private final String phrase;
    private final double value;

    CertaintyLevel(String letter, String phrase, double value) {
        this.letter = letter;
        this.phrase = phrase;
        this.value = value;
    }

    /** The option letter in the prompt, lower case. */
    public String letter() { return letter; }

    /** The phrase as the prompt prints it. */
    public String phrase() { return phrase; }

    public double value() { return value; }

    /** 0 for very uncertain ... 5 for very certain; the ordinal VC rank used by the statistics engine. */
    public int rank() { return 5 - ordinal(); }

    public static CertaintyLevel ofRank(int rank) {
        if (rank < 0 || rank > 5) throw new IllegalArgumentException("certainty rank out of 0..5: " + rank);
        return values()[5 - rank];
    }

    /** The level of a VC value in [0, 1]: round(5 v), as the method says. */
    public static CertaintyLevel ofValue(double v) {
        if (Double.isNaN(v) || v < 0 || v > 1) throw new IllegalArgumentException("certainty value outside [0,1]: " + v);
        return ofRank((int) Math.round(5 * v));
    }
}
