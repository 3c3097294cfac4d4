package io.cpa.stats;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The windows of one series (model|source|variant), updated one observation at a time.
 *
 * <ul>
 *   <li>Count windows hold the last N accepted observations. They share one ring buffer of the largest N; each add
 *       evicts, per window, the observation added N steps earlier.</li>
 *   <li>Time windows hold the observations with event time in (maxTs - T, maxTs], maxTs the latest event time seen.
 *       An observation that arrives already older than a window's horizon is not added to it. Eviction is by event
 *       time (a sorted set on (timestamp, sequence)), so moderately out-of-order event times are handled exactly.</li>
 *   <li>Since-start (optional) keeps every statistic exactly, so its memory grows with the number of distinct IC
 *       values (continuous IC: one tree node per observation). It is the reference of the tests; a service keeps
 *       since-start and any other range as time buckets instead ({@link SeriesBuckets}), bounded whatever the age.</li>
 * </ul>
 * Every add costs O(w log d) expected time for w windows and d distinct IC values per window.
 *
 * <p>Sequences must increase: an observation whose sequence is not above the last accepted one (a redelivery) is
 * ignored and {@link #add} returns false, so at-least-once delivery does not count an answer twice.
 *
 * <p>A label that arrives later replaces the observation by the same answer with its new verdicts ({@link #relabel})
 * in every window that holds it; the windows are then exactly those built with the label attached up front.
 *
 * <p>The state is a function of the multisets of the windows only: re-adding the retained observations (the last
 * max N and those inside the longest time window) rebuilds windows identical to the lost ones, which is how a service
 * restores them from its observation log ({@link #retainedFrom}).
 */
public final class SeriesWindows {
    private static final Comparator<Observation> BY_TIME =
            Comparator.comparingLong(Observation::timestampMs).thenComparingLong(Observation::sequence);

    private final WindowsConfig config;
    private final int[] countSizes;
    private final WindowState[] countStates;
    private final Observation[] ring;
    private long accepted;
    private final long[] timeLengths;
    private final WindowState[] timeStates;
    private final List<TreeSet<Observation>> timeQueues = new ArrayList<>();
    private final WindowState sinceStart;
    private long lastSequence = Long.MIN_VALUE;
    private long maxTimestampMs = Long.MIN_VALUE;

    public SeriesWindows(WindowsConfig config) {
        if (config == null) throw new IllegalArgumentException("windows config is null");
        this.config = config;
        this.countSizes = config.countSizes().stream().mapToInt(Integer::intValue).toArray();
        this.countStates = new WindowState[countSizes.length];
        int maxN = 0;
        for (int i = 0; i < countSizes.length; i++) {
            countStates[i] = new WindowState(config);
            maxN = Math.max(maxN, countSizes[i]);
        }
        this.ring = new Observation[maxN];
        this.timeLengths = config.timeWindowsMs().stream().mapToLong(Long::longValue).toArray();
        this.timeStates = new WindowState[timeLengths.length];
        for (int i = 0; i < timeLengths.length; i++) {
            timeStates[i] = new WindowState(config);
            timeQueues.add(new TreeSet<>(BY_TIME));
        }
        this.sinceStart = config.sinceStart() ? new WindowState(config) : null;
    }

    public WindowsConfig config() {
        return config;
    }

    /** Adds an observation to every window; false (and nothing changes) when its sequence is not new. */
    public boolean add(Observation o) {
        if (o == null) throw new IllegalArgumentException("observation is null");
        if (lastSequence != Long.MIN_VALUE && o.sequence() <= lastSequence) return false;
        lastSequence = o.sequence();
        addToCountWindows(o);
        addToTimeWindows(o);
        if (sinceStart != null) sinceStart.add(o);
        return true;
    }

    private void addToCountWindows(Observation o) {
        if (ring.length == 0) return;
        for (int i = 0; i < countSizes.length; i++) {
            int size = countSizes[i];
            if (accepted >= size) countStates[i].remove(ring[(int) ((accepted - size) % ring.length)]);
            countStates[i].add(o);
        }
        ring[(int) (accepted % ring.length)] = o;
        accepted++;
    }

    private void addToTimeWindows(Observation o) {
        maxTimestampMs = Math.max(maxTimestampMs, o.timestampMs());
        for (int i = 0; i < timeLengths.length; i++) {
            long horizon = maxTimestampMs - timeLengths[i];
            TreeSet<Observation> queue = timeQueues.get(i);
            if (o.timestampMs() > horizon) {
                queue.add(o);
                timeStates[i].add(o);
            }
            while (!queue.isEmpty() && queue.first().timestampMs() <= horizon) timeStates[i].remove(queue.pollFirst());
        }
    }

    /**
     * Replaces {@code old} by {@code updated}, the same answer with other labels (its headline correctness and
     * verdicts), in every window that holds it: the count windows' ring, the time windows and since-start. Every
     * statistic that depends on correctness moves from the old labels to the new (the rank statistics do not change),
     * so the windows equal those built with the new labels up front. Costs O(w log d) like an add.
     *
     * @return whether some window held it; false (nothing changes) when it was evicted from every count and time window
     *         and there is no since-start window, or its sequence was never added
     * @throws IllegalArgumentException when {@code updated} is not the same answer as {@code old}, or a window holds
     *                                  the sequence with other values or labels than {@code old}
     */
    public boolean relabel(Observation old, Observation updated) {
        if (old == null || updated == null) throw new IllegalArgumentException("relabel: observation is null");
        if (!old.sameAnswer(updated)) throw new IllegalArgumentException("relabel: " + updated + " is not the answer of " + old);
        if (lastSequence == Long.MIN_VALUE || old.sequence() > lastSequence) return false;
        long index = ringIndex(old.sequence());
        if (index >= 0) held(ring[(int) (index % ring.length)], old);
        boolean[] inTime = new boolean[timeLengths.length];
        for (int i = 0; i < timeLengths.length; i++) {
            Observation found = timeQueues.get(i).ceiling(old);
            inTime[i] = found != null && BY_TIME.compare(found, old) == 0;
            if (inTime[i]) held(found, old);
        }
        // checked before anything changes, so a refused relabel leaves every window as it was
        boolean held = false;
        if (index >= 0) {
            for (int i = 0; i < countSizes.length; i++) {
                if (index >= accepted - countSizes[i]) countStates[i].relabel(old, updated);
            }
            ring[(int) (index % ring.length)] = updated;
            held = true;
        }
        for (int i = 0; i < timeLengths.length; i++) {
            if (!inTime[i]) continue;
            timeQueues.get(i).remove(old);
            timeQueues.get(i).add(updated);
            timeStates[i].relabel(old, updated);
            held = true;
        }
        if (sinceStart != null) {
            sinceStart.relabel(old, updated);
            held = true;
        }
        return held;
    }

    private static void held(Observation held, Observation old) {
        if (!held.equals(old)) throw new IllegalArgumentException("relabel: the windows hold " + held + ", not " + old);
    }

    /** The position (count of accepted observations before it) of a sequence in the ring, or -1 when it is not there. */
    private long ringIndex(long sequence) {
        if (ring.length == 0 || accepted == 0) return -1;
        long lo = accepted - Math.min(accepted, ring.length);
        long hi = accepted - 1;
        while (lo <= hi) { // sequences increase along the ring
            long mid = (lo + hi) >>> 1;
            long s = ring[(int) (mid % ring.length)].sequence();
            if (s == sequence) return mid;
            if (s < sequence) lo = mid + 1;
            else hi = mid - 1;
        }
        return -1;
    }

    /**
     * The sequence of the oldest observation a count window holds: a rebuild needs every observation from it on, and
     * those with an event time above {@link #timeHorizonMs}. Long.MAX_VALUE when the count windows hold nothing.
     */
    public long retainedFrom() {
        if (ring.length == 0 || accepted == 0) return Long.MAX_VALUE;
        return ring[(int) ((accepted - Math.min(accepted, ring.length)) % ring.length)].sequence();
    }

    /** Event times at or below this are in no time window any more (Long.MIN_VALUE while nothing was added). */
    public long timeHorizonMs() {
        if (maxTimestampMs == Long.MIN_VALUE) return Long.MIN_VALUE;
        long longest = 0;
        for (long t : timeLengths) longest = Math.max(longest, t);
        return maxTimestampMs - longest;
    }

    /** Every window's statistics, without an accuracy estimate (its reason: no accuracy map). */
    public Snapshot snapshot() {
        return snapshot(null);
    }

    /**
     * Every window's statistics, the accuracy of each window's unlabelled answers estimated through {@code map}
     * (fitted by the caller, e.g. {@link AccuracyMap#fit(Bucket)} on since-start; null for none).
     */
    public Snapshot snapshot(AccuracyMap map) {
        List<WindowStats> out = new ArrayList<>();
        for (int i = 0; i < countSizes.length; i++) out.add(countStates[i].stats(WindowKind.COUNT, countSizes[i], map));
        for (int i = 0; i < timeLengths.length; i++) out.add(timeStates[i].stats(WindowKind.TIME, timeLengths[i], map));
        if (sinceStart != null) out.add(sinceStart.stats(WindowKind.SINCE_START, 0, map));
        return new Snapshot(lastSequence, maxTimestampMs, out);
    }
}
