package io.cpa.report;

/**
 * A 2x2 table of confidence (high / rest) by correctness (correct / incorrect) for one model, variant and
 * temperature, pooled over the study's datasets. Only answers whose correctness is known count.
 *
 * <ul>
 *   <li>{@code VC}: high = very certain or fairly certain (VC level of {@code round(5 VC)} at least 4, so numeric replies
 *       of 80 and above count as high), the rest = moderately certain or less; {@code split} is null. Only parsed VC.</li>
 *   <li>{@code IC}: high = IC strictly above the median IC of the answers in the table ({@code split}), the rest = at or
 *       below it. With many tied IC values at the median the two rows are not of equal size.</li>
 * </ul>
 */
public record CorrectnessTable(String model, String variant, double temperature, Signal signal, Double split,
                               long highCorrect, long highIncorrect, long restCorrect, long restIncorrect) {
    public enum Signal { VC, IC }

    public long total() {
        return highCorrect + highIncorrect + restCorrect + restIncorrect;
    }

    /** Accuracy among the high-confidence answers, null when there are none. */
    public Double highAccuracy() {
        return ratio(highCorrect, highCorrect + highIncorrect);
    }

    /** Accuracy among the rest, null when there are none. */
    public Double restAccuracy() {
        return ratio(restCorrect, restCorrect + restIncorrect);
    }

    private static Double ratio(long a, long b) {
        return b == 0 ? null : (double) a / b;
    }
}
