package io.cpa.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.cpa.stats.BucketResolution.DAY;
import static io.cpa.stats.BucketResolution.HOUR;
import static io.cpa.stats.BucketResolution.MINUTE;

/**
 * The long-term state of one series: minute buckets by event time, rolled up into hours and days, and the total of
 * every closed day, kept in a {@link BucketStore}; since-start is their merge ({@link #sinceStart}).
 *
 * <p>In memory: the open minutes (the keys of their observations, 4 bytes each), the open hours (the merge of their
 * closed minutes), the open days (the merge of their closed hours) and the total of the closed days. A bucket closes
 * once the latest event time has passed its end by the grace; closing writes it and merges it into the next
 * resolution. So memory is bounded by the cells of a day plus the cells of the total (at most min(answers, cells)),
 * whatever the age of the series.
 *
 * <p>The store is complete to its {@link BucketStore.Position}: every write to it goes with a {@link #flush} that also
 * writes the open minutes and the position, inside the same call. A caller that also logs each observation can then
 * rebuild exactly after a crash: construct from the store (bounded reads: the total, at most two open days' hours and
 * two open hours' minutes) and re-add the logged observations after {@code position().lastSequence()}.
 *
 * <p>An observation older than the grace (its minute is closed) is added to the stored minute, hour, day and total
 * it belongs to, and flushed at once.
 *
 * <p>A label that arrives later moves its observation from its old cell to its new one in every bucket that holds it
 * ({@link #relabel}), and is flushed at once too: the store then holds every observation to its position with the
 * labels as of the relabel, so a log of observations (updated with the label) still rebuilds exactly.
 */
public final class SeriesBuckets {
    private final BucketRetention retention;
    private final BucketStore store;
    private final TreeMap<Long, Bucket.Builder> openMinutes = new TreeMap<>();
    private final TreeMap<Long, Bucket> openHours = new TreeMap<>();
    private final TreeMap<Long, Bucket> openDays = new TreeMap<>();
    private Bucket total;
    private Bucket closedPart; // merge of total, open days and open hours; null when it must be recomputed
    private long lastSequence = Long.MIN_VALUE;
    private long maxTimestampMs = Long.MIN_VALUE;
    private long flushedSequence = Long.MIN_VALUE;
    private boolean relabelledSinceFlush;

    /** Reads what the store holds for the series (bounded: see the class comment). */
    public SeriesBuckets(BucketRetention retention, BucketStore store) {
        this.retention = retention;
        this.store = store;
        Bucket t = store.total();
        this.total = t == null ? Bucket.EMPTY : t;
        BucketStore.Position p = store.position();
        if (p == null) return;
        lastSequence = p.lastSequence();
        flushedSequence = p.lastSequence();
        maxTimestampMs = p.maxTimestampMs();
        long grace = retention.graceMs();
        for (long d = DAY.floor(maxTimestampMs - grace - DAY.lengthMs()); d <= maxTimestampMs; d += DAY.lengthMs()) {
            if (closed(DAY, d)) continue;
            Bucket day = Bucket.EMPTY;
            for (Bucket h : read(HOUR, d, d + DAY.lengthMs(), h -> closed(HOUR, h))) day = Bucket.merge(day, h);
            if (!day.isEmpty()) openDays.put(d, day);
        }
        for (long h = HOUR.floor(maxTimestampMs - grace - HOUR.lengthMs()); h <= maxTimestampMs; h += HOUR.lengthMs()) {
            if (closed(HOUR, h)) continue;
            Bucket hour = Bucket.EMPTY;
            for (Bucket m : read(MINUTE, h, h + HOUR.lengthMs(), m -> closed(MINUTE, m))) hour = Bucket.merge(hour, m);
            if (!hour.isEmpty()) openHours.put(h, hour);
        }
        long firstOpen = MINUTE.floor(maxTimestampMs - grace - MINUTE.lengthMs());
        store.scan(MINUTE, firstOpen, maxTimestampMs + 1, (start, bytes) -> {
            if (!closed(MINUTE, start)) openMinutes.put(start, new Bucket.Builder(BucketCodec.decode(bytes)));
        });
    }

    private List<Bucket> read(BucketResolution r, long from, long to, java.util.function.LongPredicate include) {
        List<Bucket> out = new ArrayList<>();
        store.scan(r, from, to, (start, bytes) -> {
            if (include.test(start)) out.add(BucketCodec.decode(bytes));
        });
        return out;
    }

    private boolean closed(BucketResolution r, long start) {
        return maxTimestampMs != Long.MIN_VALUE && start + r.lengthMs() + retention.graceMs() <= maxTimestampMs;
    }

    public long lastSequence() {
        return lastSequence;
    }

    public long maxTimestampMs() {
        return maxTimestampMs;
    }

    /** The sequence the store is complete to: observations after it must be re-added after a restart. */
    public long flushedSequence() {
        return flushedSequence;
    }

    /**
     * Adds an observation; false (and nothing changes) when its sequence is not above the last one. Returns after a
     * {@link #flush} when a bucket closed or the observation was late, so the store stays complete to a position.
     */
    public boolean add(Observation o) {
        if (lastSequence != Long.MIN_VALUE && o.sequence() <= lastSequence) return false;
        lastSequence = o.sequence();
        long ts = Math.max(0, o.timestampMs());
        long minute = MINUTE.floor(ts);
        if (closed(MINUTE, minute)) {
            addLate(minute, o);
            flush();
            return true;
        }
        openMinutes.computeIfAbsent(minute, m -> new Bucket.Builder()).add(o);
        if (ts > maxTimestampMs) {
            maxTimestampMs = ts;
            if (closeWhatEnded()) flush();
        }
        return true;
    }

    private boolean closeWhatEnded() {
        boolean any = false;
        while (!openMinutes.isEmpty() && closed(MINUTE, openMinutes.firstKey())) {
            Map.Entry<Long, Bucket.Builder> e = openMinutes.pollFirstEntry();
            Bucket b = e.getValue().build();
            store.put(MINUTE, e.getKey(), b);
            openHours.merge(HOUR.floor(e.getKey()), b, Bucket::merge);
            any = true;
        }
        while (!openHours.isEmpty() && closed(HOUR, openHours.firstKey())) {
            Map.Entry<Long, Bucket> e = openHours.pollFirstEntry();
            store.put(HOUR, e.getKey(), e.getValue());
            openDays.merge(DAY.floor(e.getKey()), e.getValue(), Bucket::merge);
            any = true;
        }
        while (!openDays.isEmpty() && closed(DAY, openDays.firstKey())) {
            Map.Entry<Long, Bucket> e = openDays.pollFirstEntry();
            store.put(DAY, e.getKey(), e.getValue());
            total = Bucket.merge(total, e.getValue());
            store.putTotal(total);
            any = true;
        }
        if (any) {
            closedPart = null;
            for (BucketResolution r : BucketResolution.values()) store.deleteBefore(r, r.floor(maxTimestampMs - retention.of(r)));
        }
        return any;
    }

    /** An observation for a closed minute: into the stored minute, and the hour, day and total it belongs to. */
    private void addLate(long minute, Observation o) {
        Bucket.Builder one = new Bucket.Builder();
        one.add(o);
        Bucket single = one.build();
        readModifyWrite(MINUTE, minute, single);
        long hour = HOUR.floor(minute);
        long day = DAY.floor(minute);
        if (!closed(HOUR, hour)) {
            openHours.merge(hour, single, Bucket::merge);
        } else {
            readModifyWrite(HOUR, hour, single);
            if (!closed(DAY, day)) {
                openDays.merge(day, single, Bucket::merge);
            } else {
                readModifyWrite(DAY, day, single);
                total = Bucket.merge(total, single);
                store.putTotal(total);
            }
        }
        closedPart = null;
    }

    /**
     * Moves {@code old}, an observation added before, to the cell of {@code updated} (the same answer with other
     * labels) in every bucket that holds its event time: its open minute; or its stored minute and then its open hour,
     * or its stored hour and then its open day, or its stored day and the total of closed days. Stored buckets past
     * their retention are skipped, as a late add skips them (the coarser ones hold the observation). Then flushes, so
     * the store holds the new labels. Since-start and every range then equal buckets built with the new labels.
     *
     * @return whether the buckets hold the observation: false only when its sequence is above the last one added
     *         (the total keeps every closed day, so an observation of any age is held)
     * @throws IllegalArgumentException when {@code updated} is not the same answer as {@code old}, or a bucket that
     *                                  must hold {@code old} has no observation in its cell (nothing is changed then)
     */
    public boolean relabel(Observation old, Observation updated) {
        if (old == null || updated == null) throw new IllegalArgumentException("relabel: observation is null");
        if (!old.sameAnswer(updated)) throw new IllegalArgumentException("relabel: " + updated + " is not the answer of " + old);
        if (lastSequence == Long.MIN_VALUE || old.sequence() > lastSequence) return false;
        int from = BucketCell.of(old);
        int to = BucketCell.of(updated);
        if (from == to) return true;
        long ts = Math.max(0, old.timestampMs());
        long minute = MINUTE.floor(ts);
        if (!closed(MINUTE, minute)) {
            Bucket.Builder open = openMinutes.get(minute);
            if (open == null) throw new IllegalArgumentException("relabel: no open minute at " + minute + " for " + old);
            open.move(from, to);
        } else {
            // every bucket is moved before any is written, so a refused relabel changes nothing
            List<Runnable> writes = new ArrayList<>();
            moveStored(MINUTE, minute, from, to, writes);
            long hour = HOUR.floor(ts);
            long day = DAY.floor(ts);
            if (!closed(HOUR, hour)) {
                moveOpen(openHours, hour, from, to, writes);
            } else {
                moveStored(HOUR, hour, from, to, writes);
                if (!closed(DAY, day)) {
                    moveOpen(openDays, day, from, to, writes);
                } else {
                    moveStored(DAY, day, from, to, writes);
                    Bucket movedTotal = total.move(from, to);
                    writes.add(() -> {
                        total = movedTotal;
                        store.putTotal(movedTotal);
                    });
                }
            }
            writes.forEach(Runnable::run);
            closedPart = null;
        }
        relabelledSinceFlush = true;
        flush();
        return true;
    }

    private void moveStored(BucketResolution r, long start, int from, int to, List<Runnable> writes) {
        if (start < r.floor(maxTimestampMs - retention.of(r))) return; // past retention: never written by a late add
        Bucket stored = store.get(r, start);
        if (stored == null) throw new IllegalArgumentException("relabel: no stored " + r + " bucket at " + start);
        Bucket moved = stored.move(from, to);
        writes.add(() -> store.put(r, start, moved));
    }

    private static void moveOpen(TreeMap<Long, Bucket> open, long start, int from, int to, List<Runnable> writes) {
        Bucket b = open.get(start);
        if (b == null) throw new IllegalArgumentException("relabel: no open bucket at " + start);
        Bucket moved = b.move(from, to);
        writes.add(() -> open.put(start, moved));
    }

    private void readModifyWrite(BucketResolution r, long start, Bucket add) {
        if (start < r.floor(maxTimestampMs - retention.of(r))) return; // past retention: only the coarser buckets keep it
        Bucket stored = store.get(r, start);
        store.put(r, start, stored == null ? add : Bucket.merge(stored, add));
    }

    /** Writes the open minutes and the position: afterwards the store holds every observation added so far. */
    public void flush() {
        if (lastSequence == flushedSequence && !relabelledSinceFlush) return;
        for (Map.Entry<Long, Bucket.Builder> e : openMinutes.entrySet()) {
            Bucket b = e.getValue().build();
            store.put(MINUTE, e.getKey(), b);
            e.setValue(new Bucket.Builder(b)); // keeps the built form: the next build only sorts what is new
        }
        store.putPosition(new BucketStore.Position(lastSequence, maxTimestampMs));
        flushedSequence = lastSequence;
        relabelledSinceFlush = false;
    }

    /** Every observation since the start of the series (within the day retention of the total: all of them). */
    public Bucket sinceStart() {
        if (closedPart == null) {
            List<Bucket> parts = new ArrayList<>();
            parts.add(total);
            parts.addAll(openDays.values());
            parts.addAll(openHours.values());
            closedPart = Bucket.mergeAll(parts);
        }
        Bucket out = closedPart;
        for (Bucket.Builder b : openMinutes.values()) out = Bucket.merge(out, b.build());
        return out;
    }

    /** Cells held in memory (for the README's bounds and the soak harness). */
    public long cellsInMemory() {
        long cells = total.size();
        for (Bucket b : openDays.values()) cells += b.size();
        for (Bucket b : openHours.values()) cells += b.size();
        for (Bucket.Builder b : openMinutes.values()) cells += b.added();
        return cells + (closedPart == null ? 0 : closedPart.size());
    }
}
