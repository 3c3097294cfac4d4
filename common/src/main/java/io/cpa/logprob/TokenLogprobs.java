package io.cpa.logprob;

import java.util.List;
import java.util.Objects;

/**
 * The canonical token-logprob record every endpoint shape maps to.
 *
 * @param endpoint       the shape it was read from
 * @param mode           the value mode, when known
 * @param tokens         the generated tokens in order
 * @param sentinelHits   how many values were sentinels (-9999.0, lowest float) and so "not in top-k"
 * @param topK           the largest top-k list seen, 0 when none was returned
 */
public record TokenLogprobs(EndpointKind endpoint, ValueMode mode, List<TokenLogprob> tokens, int sentinelHits, int topK) {
    public TokenLogprobs {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(mode, "mode");
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    public boolean isEmpty() { return tokens.isEmpty(); }

    /** The generated text, tokens concatenated. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (TokenLogprob t : tokens) sb.append(t.token());
        return sb.toString();
    }
}
