package io.cpa.certainty.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is known to be finished per answer id: the variants done (a certainty or a skip written), or that it was
 * dead-lettered.
 * Bounded: beyond {@code maxEntries} the answer seen least recently is forgotten (so a redelivery older than that
 * horizon is not recognised). Thread-safe.
 */
public final class AnswerOutcomes {
    private static final class Entry {
        final Set<String> variants = new TreeSet<>();
        boolean deadLettered;
    }

    private final Map<String, Entry> entries;

    public AnswerOutcomes(int maxEntries) {
        if (maxEntries < 1) throw new IllegalArgumentException("maxEntries must be at least 1");
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public synchronized void variantDone(String answerId, String variant) {
        entries.computeIfAbsent(answerId, id -> new Entry()).variants.add(variant);
    }

    public synchronized void deadLettered(String answerId) {
        entries.computeIfAbsent(answerId, id -> new Entry()).deadLettered = true;
    }

    /** The variants already done for the answer (empty when none or unknown). */
    public synchronized Set<String> variantsDone(String answerId) {
        Entry e = entries.get(answerId);
        return e == null ? Set.of() : Set.copyOf(e.variants);
    }

    public synchronized boolean isDeadLettered(String answerId) {
        Entry e = entries.get(answerId);
        return e != null && e.deadLettered;
    }

    public synchronized int size() {
        return entries.size();
    }
}
