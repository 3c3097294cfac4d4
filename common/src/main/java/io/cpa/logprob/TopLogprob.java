package io.cpa.logprob;

import java.util.List;

/**
 * One alternative in a token's top-k list.
 *
 * @param logprob natural-log probability, or null when the endpoint gave a sentinel ("not in top-k"): a sentinel is
 *                never turned into a probability
 */
public record TopLogprob(String token, Integer tokenId, List<Integer> bytes, Double logprob) {
    public TopLogprob {
        bytes = bytes == null ? null : List.copyOf(bytes);
        TokenLogprob.requireLogprob(logprob, "topLogprobs[].logprob");
    }

    /** exp(logprob), or 0 for a sentinel. */
    public double probability() {
        return logprob == null ? 0.0 : Math.exp(logprob);
    }
}
