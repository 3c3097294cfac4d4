package io.cpa.analysis.topology;

import io.cpa.analysis.labels.Verdict;
import io.cpa.event.CertaintyEvent;

/**
 * What reaches a series through the by-series repartition: a certainty, or a labeller's verdict on one of its answers
 * (routed there by {@link LabelRouter}). One topic for both keeps a series' certainties and labels in one task, in
 * the order they were routed.
 */
sealed interface SeriesInput {
    record Certainty(CertaintyEvent event) implements SeriesInput {}

    /**
     * @param answerId the answer judged
     * @param verdict  the labeller's verdict, resolved against the answer's chosen option
     * @param label    the label as it came (its JSON), for a dead letter
     */
    record Label(String answerId, Verdict verdict, String label) implements SeriesInput {}
}
