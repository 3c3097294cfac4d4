package io.cpa.logprob;

import java.util.List;

/** One generated token with its logprob (null for a sentinel) and its top-k alternatives, in endpoint order. */
public record TokenLogprob(String token, Integer tokenId, List<Integer> bytes, Double logprob, List<TopLogprob> topLogprobs) {
    public TokenLogprob {
        bytes = bytes == null ? null : List.copyOf(bytes);
        topLogprobs = topLogprobs == null ? List.of() : List.copyOf(topLogprobs);
    }
}
