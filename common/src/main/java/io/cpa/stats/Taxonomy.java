package io.cpa.stats;

/** Counts of the misalignment classes over the paired observations of a window; they sum to the paired n. */
public record Taxonomy(long consistentAlignment, long internalOverconfidence, long externalOverconfidence,
                       long consistentDiscordance, long unclassified) {
    public long total() {
        return consistentAlignment + internalOverconfidence + externalOverconfidence + consistentDiscordance + unclassified;
    }
}
