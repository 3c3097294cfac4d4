package io.cpa.simulator;

import java.util.List;

/** One generated token with its logprob and its top-k alternatives (sorted by logprob, descending). */
public record GeneratedToken(String token, double logprob, List<Alternative> topLogprobs) {

    public record Alternative(String token, double logprob) {
    }

    public GeneratedToken {
        topLogprobs = List.copyOf(topLogprobs);
    }
}
