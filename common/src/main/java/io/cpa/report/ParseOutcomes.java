package io.cpa.report;

/** How the certainty replies of one model and variant were read, over all datasets and temperatures of the study. */
public record ParseOutcomes(String model, String variant, long ok, long ambiguous, long none, long refused) {
    public long total() {
        return ok + ambiguous + none + refused;
    }
}
