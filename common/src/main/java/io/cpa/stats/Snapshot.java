package io.cpa.stats;

import java.util.List;

/**
 * All windows of a series at one moment, in configuration order: count windows, then time windows, then since-start.
 *
 * @param lastSequence sequence of the last accepted observation, or Long.MIN_VALUE if none
 * @param maxTimestampMs the latest event time seen, or Long.MIN_VALUE if none
 */
public record Snapshot(long lastSequence, long maxTimestampMs, List<WindowStats> windows) {
    public Snapshot {
        windows = List.copyOf(windows);
    }

    public WindowStats window(WindowKind kind, long size) {
        for (WindowStats w : windows) {
            if (w.kind() == kind && w.size() == size) return w;
        }
        throw new IllegalArgumentException("no " + kind + " window of size " + size);
    }
}
