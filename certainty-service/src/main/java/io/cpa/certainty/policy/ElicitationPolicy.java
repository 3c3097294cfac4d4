package io.cpa.certainty.policy;

import io.cpa.event.AnswerEvent;

/**
 * The decision for one answer: sampling first (free), then the budget. Labelled answers bypass sampling and may use
 * the budget's reserve.
 */
public final class ElicitationPolicy {
    private final SamplingPolicy sampling;
    private final ElicitationBudget budget;

    public ElicitationPolicy(SamplingPolicy sampling, ElicitationBudget budget) {
        this.sampling = sampling;
        this.budget = budget;
    }

    public Decision decide(AnswerEvent answer, double estimatedTokens) {
        boolean labelled = answer.goldLabel() != null;
        if (!sampling.sampled(answer.answerId(), answer.model(), answer.source(), labelled)) {
            return Decision.skip(Decision.SAMPLING);
        }
        return budget.reserve(answer.model(), labelled, estimatedTokens);
    }

    public ElicitationBudget budget() {
        return budget;
    }

    /** Rough token estimate of a certainty call: about four characters a token, plus the reply's maximum. */
    public static double estimateTokens(int promptChars, int maxReplyTokens) {
        return Math.ceil(promptChars / 4.0) + maxReplyTokens;
    }
}
