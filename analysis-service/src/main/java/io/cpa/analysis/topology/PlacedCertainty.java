package io.cpa.analysis.topology;

import io.cpa.event.CertaintyEvent;

/**
 * A validated certainty and whether it is already where its series is analysed ({@link CertaintyPartitions}): then
 * it goes straight to its series, else through the by-series topic.
 */
record PlacedCertainty(CertaintyEvent event, boolean inPlace) {}
