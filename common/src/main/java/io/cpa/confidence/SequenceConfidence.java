package io.cpa.confidence;

import io.cpa.logprob.TokenLogprob;
import io.cpa.logprob.TokenLogprobs;

import java.util.Arrays;

/**
 * Internal confidence of a free-form answer from all its generated tokens. Each aggregator is versioned so that its
 * numbers are never mixed with another's:
 * <ul>
 *   <li>{@value #JOINT}: the joint probability exp(sum logprob). It falls with length and underflows to 0 for long
 *       answers, so it only compares answers of similar length.</li>
 *   <li>{@value #MEAN_LOGPROB}: the geometric mean token probability exp(mean logprob).</li>
 *   <li>{@value #MIN_PROB}: the smallest token probability, the weakest link.</li>
 * </ul>
 * All are missing (with a reason) when there are no tokens or a token's value is a sentinel: a sentinel says only that
 * the token was outside the top-k, and no probability is invented for it.
 */
public final class SequenceConfidence {
    public static final String JOINT = "joint";
    public static final String MEAN_LOGPROB = "mean-logprob";
    public static final String MIN_PROB = "min-prob";
    public static final int VERSION = 1;

    private SequenceConfidence() {}

    /** Dispatches by aggregator name: {@code joint}, {@code mean-logprob} or {@code min-prob}. */
    public static InternalConfidence compute(TokenLogprobs logprobs, String aggregator) {
        return switch (aggregator) {
            case JOINT -> joint(logprobs);
            case MEAN_LOGPROB -> meanLogprob(logprobs);
            case MIN_PROB -> minProb(logprobs);
            default -> throw new IllegalArgumentException("unknown sequence aggregator '" + aggregator
                    + "', expected one of " + Arrays.asList(JOINT, MEAN_LOGPROB, MIN_PROB));
        };
    }

    public static InternalConfidence joint(TokenLogprobs logprobs) {
        String why = missingReason(logprobs);
        if (why != null) return InternalConfidence.missing(JOINT, VERSION, why);
        double sum = 0;
        for (TokenLogprob t : logprobs.tokens()) sum += t.logprob();
        return new InternalConfidence(Math.exp(sum), JOINT, VERSION, null, null);
    }

    public static InternalConfidence meanLogprob(TokenLogprobs logprobs) {
        String why = missingReason(logprobs);
        if (why != null) return InternalConfidence.missing(MEAN_LOGPROB, VERSION, why);
        double sum = 0;
        for (TokenLogprob t : logprobs.tokens()) sum += t.logprob();
        return new InternalConfidence(Math.exp(sum / logprobs.tokens().size()), MEAN_LOGPROB, VERSION, null, null);
    }

    public static InternalConfidence minProb(TokenLogprobs logprobs) {
        String why = missingReason(logprobs);
        if (why != null) return InternalConfidence.missing(MIN_PROB, VERSION, why);
        double min = 0;
        for (TokenLogprob t : logprobs.tokens()) min = Math.min(min, t.logprob());
        return new InternalConfidence(Math.exp(min), MIN_PROB, VERSION, null, null);
    }

    private static String missingReason(TokenLogprobs logprobs) {
        if (logprobs == null || logprobs.isEmpty()) return "no logprobs";
        for (int i = 0; i < logprobs.tokens().size(); i++) {
            if (logprobs.tokens().get(i).logprob() == null) {
                return "token " + i + " ('" + logprobs.tokens().get(i).token() + "') has no logprob (sentinel: not in top-k)";
            }
        }
        return null;
    }
}
