package io.cpa.certainty.policy;

/**
 * Whether to elicit a certainty for one answer. A skip names its reason, the label of the
 * {@code cpa_certainty_skipped_total} metric.
 */
public record Decision(boolean elicit, String skipReason, double reservedTokens) {
    public static final String SAMPLING = io.cpa.event.SkipEvent.SAMPLING;
    public static final String REQUEST_BUDGET = io.cpa.event.SkipEvent.REQUEST_BUDGET;
    public static final String TOKEN_BUDGET = io.cpa.event.SkipEvent.TOKEN_BUDGET;
    public static final String DUPLICATE = "duplicate";

    public static Decision elicit(double reservedTokens) {
        return new Decision(true, null, reservedTokens);
    }

    public static Decision skip(String reason) {
        return new Decision(false, reason, 0);
    }
}
