package io.cpa.logprob;

import java.util.List;

/** One generated token with its logprob (null for a sentinel) and its top-k alternatives, in endpoint order. */
public record TokenLogprob(String token, Integer tokenId, List<Integer> bytes, Double logprob, List<TopLogprob> topLogprobs) {
    public TokenLogprob {
        bytes = bytes == null ? null : List.copyOf(bytes);
        topLogprobs = topLogprobs == null ? List.of() : List.copyOf(topLogprobs);
        requireLogprob(logprob, "logprob");
    }

    /**
     * A canonical value is ln p, so NaN or a value above 0 (a probability above 1) cannot come from any parser: such a
     * record was written by hand or corrupted, and every IC derived from it would be wrong.
     */
    static void requireLogprob(Double logprob, String field) {
        if (logprob != null && (logprob.isNaN() || logprob > 0)) {
            throw new IllegalArgumentException(field + " must be a natural-log probability <= 0, got " + logprob);
        }
    }
}
