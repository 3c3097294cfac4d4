package io.cpa.stats;

import io.cpa.certainty.ParseStatus;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * The windows of one series (model|source|variant), updated one observation at a time.
 *
 * <ul>
 *   <li>Count windows hold the last N accepted observations. They share one ring buffer of the largest N; each add
 *       evicts, per window, the observation added N steps earlier.</li>
 *   <li>Time windows hold the observations with event time in (maxTs - T, maxTs], maxTs the latest event time seen.
 *       An observation that arrives already older than a window's horizon is not added to it. Eviction is by event
 *       time (a priority queue on (timestamp, sequence)), so moderately out-of-order event times are handled exactly.</li>
 *   <li>Since-start keeps every statistic exactly; for serialization it keeps the multiset of observation shapes
 *       (ic, vc, status, correct) with multiplicities, so its memory grows with the number of distinct IC values
 *       (continuous IC: one entry per observation; quantised IC: bounded).</li>
 * </ul>
 * Every add costs O(w log d) expected time for w windows and d distinct IC values per window.
 *
 * <p>Sequences must increase: an observation whose sequence is not above the last accepted one (a redelivery) is
 * ignored and {@link #add} returns false, so at-least-once delivery does not count an answer twice.
 *
 * <p>{@link #toBytes()} writes the configuration, the retained observations of the sliding windows (once each, with
 * per-window membership) and the since-start multiset; {@link #fromBytes} rebuilds every window by re-adding them, in
 * O(r log r) for r retained observations plus O(m log d) for the m observations since start. The state is a function
 * of the multisets only, so the rebuilt windows are identical to the saved ones.
 */
public final class SeriesWindows {
    private static final int MAGIC = 0x43504157; // "CPAW"
    private static final int FORMAT = 1;
    private static final Comparator<Observation> BY_TIME =
            Comparator.comparingLong(Observation::timestampMs).thenComparingLong(Observation::sequence);

    private final WindowsConfig config;
    private final int[] countSizes;
    private final WindowState[] countStates;
    private final Observation[] ring;
    private long accepted;
    private final long[] timeLengths;
    private final WindowState[] timeStates;
    private final List<PriorityQueue<Observation>> timeQueues = new ArrayList<>();
    private final WindowState sinceStart;
    private final Map<Shape, long[]> sinceStartShapes;
    private long lastSequence = Long.MIN_VALUE;
    private long maxTimestampMs = Long.MIN_VALUE;

    /** An observation without its position in the stream: what since-start needs to remember. */
    private record Shape(Double ic, Double vc, ParseStatus status, Boolean correct) {}

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
            timeQueues.add(new PriorityQueue<>(BY_TIME));
        }
        this.sinceStart = config.sinceStart() ? new WindowState(config) : null;
        this.sinceStartShapes = config.sinceStart() ? new HashMap<>() : null;
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
        if (sinceStart != null) {
            sinceStart.add(o);
            sinceStartShapes.computeIfAbsent(new Shape(o.ic(), o.vc(), o.vcStatus(), o.correct()), s -> new long[1])[0]++;
        }
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
            PriorityQueue<Observation> queue = timeQueues.get(i);
            if (o.timestampMs() > horizon) {
                queue.add(o);
                timeStates[i].add(o);
            }
            while (!queue.isEmpty() && queue.peek().timestampMs() <= horizon) timeStates[i].remove(queue.poll());
        }
    }

    public Snapshot snapshot() {
        List<WindowStats> out = new ArrayList<>();
        for (int i = 0; i < countSizes.length; i++) out.add(countStates[i].stats(WindowKind.COUNT, countSizes[i]));
        for (int i = 0; i < timeLengths.length; i++) out.add(timeStates[i].stats(WindowKind.TIME, timeLengths[i]));
        if (sinceStart != null) out.add(sinceStart.stats(WindowKind.SINCE_START, 0));
        return new Snapshot(lastSequence, maxTimestampMs, out);
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            writeConfig(out);
            out.writeLong(lastSequence);
            out.writeLong(maxTimestampMs);
            out.writeLong(accepted);
            int inRing = (int) Math.min(accepted, ring.length);
            TreeMap<Long, Observation> table = new TreeMap<>();
            for (long k = accepted - inRing; k < accepted; k++) {
                Observation o = ring[(int) (k % ring.length)];
                table.put(o.sequence(), o);
            }
            for (PriorityQueue<Observation> q : timeQueues) for (Observation o : q) table.put(o.sequence(), o);
            Map<Long, Integer> index = new HashMap<>();
            out.writeInt(table.size());
            for (Observation o : table.values()) {
                index.put(o.sequence(), index.size());
                out.writeLong(o.sequence());
                out.writeLong(o.timestampMs());
                writeShape(out, o.ic(), o.vc(), o.vcStatus(), o.correct());
            }
            out.writeInt(inRing); // the ring holds the latest accepted observations: the last inRing of the table
            for (PriorityQueue<Observation> q : timeQueues) {
                out.writeInt(q.size());
                for (Observation o : q) out.writeInt(index.get(o.sequence()));
            }
            if (sinceStart != null) {
                out.writeInt(sinceStartShapes.size());
                for (Map.Entry<Shape, long[]> e : sinceStartShapes.entrySet()) {
                    Shape s = e.getKey();
                    writeShape(out, s.ic(), s.vc(), s.status(), s.correct());
                    out.writeLong(e.getValue()[0]);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SeriesWindows fromBytes(byte[] data) {
        if (data == null) throw new IllegalArgumentException("windows state bytes are null");
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            if (in.readInt() != MAGIC) throw new IllegalArgumentException("windows state bytes: bad magic number");
            int format = in.readInt();
            if (format != FORMAT) throw new IllegalArgumentException("windows state bytes: unknown format " + format);
            SeriesWindows w = new SeriesWindows(readConfig(in));
            w.lastSequence = in.readLong();
            w.maxTimestampMs = in.readLong();
            w.accepted = in.readLong();
            int tableSize = in.readInt();
            Observation[] table = new Observation[tableSize];
            for (int i = 0; i < tableSize; i++) {
                long seq = in.readLong();
                long ts = in.readLong();
                table[i] = readObservation(in, seq, ts);
            }
            int inRing = in.readInt();
            for (int j = 0; j < inRing; j++) {
                long k = w.accepted - inRing + j;
                w.ring[(int) (k % w.ring.length)] = table[tableSize - inRing + j];
            }
            for (int i = 0; i < w.countSizes.length; i++) {
                for (int j = Math.max(0, inRing - w.countSizes[i]); j < inRing; j++) w.countStates[i].add(table[tableSize - inRing + j]);
            }
            for (int i = 0; i < w.timeLengths.length; i++) {
                int size = in.readInt();
                for (int j = 0; j < size; j++) {
                    Observation o = table[in.readInt()];
                    w.timeQueues.get(i).add(o);
                    w.timeStates[i].add(o);
                }
            }
            if (w.sinceStart != null) {
                int shapes = in.readInt();
                for (int i = 0; i < shapes; i++) {
                    Observation o = readObservation(in, 0, 0);
                    long m = in.readLong();
                    w.sinceStartShapes.put(new Shape(o.ic(), o.vc(), o.vcStatus(), o.correct()), new long[] {m});
                    for (long c = 0; c < m; c++) w.sinceStart.add(o);
                }
            }
            return w;
        } catch (IOException e) {
            throw new IllegalArgumentException("windows state bytes are truncated or corrupt", e);
        }
    }

    private void writeConfig(DataOutputStream out) throws IOException {
        out.writeInt(countSizes.length);
        for (int s : countSizes) out.writeInt(s);
        out.writeInt(timeLengths.length);
        for (long t : timeLengths) out.writeLong(t);
        out.writeBoolean(config.sinceStart());
        out.writeInt(config.minN());
        out.writeInt(config.calibrationBins());
        out.writeInt(config.histogramBins());
        TaxonomyThresholds t = config.thresholds();
        out.writeDouble(t.icLow());
        out.writeDouble(t.icHigh());
        out.writeDouble(t.vcLow());
        out.writeDouble(t.vcHigh());
        out.writeDouble(t.discordanceGap());
    }

    private static WindowsConfig readConfig(DataInputStream in) throws IOException {
        List<Integer> sizes = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) sizes.add(in.readInt());
        List<Long> lengths = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) lengths.add(in.readLong());
        boolean since = in.readBoolean();
        int minN = in.readInt();
        int calibrationBins = in.readInt();
        int histogramBins = in.readInt();
        TaxonomyThresholds t = new TaxonomyThresholds(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble());
        return new WindowsConfig(sizes, lengths, since, minN, calibrationBins, histogramBins, t);
    }

    private static void writeShape(DataOutputStream out, Double ic, Double vc, ParseStatus status, Boolean correct) throws IOException {
        int flags = (ic != null ? 1 : 0) | (correct == null ? 0 : correct ? 2 : 4) | (status.ordinal() << 3);
        out.writeByte(flags);
        if (ic != null) out.writeDouble(ic);
        if (vc != null) out.writeDouble(vc);
    }

    private static Observation readObservation(DataInputStream in, long seq, long ts) throws IOException {
        int flags = in.readUnsignedByte();
        Double ic = (flags & 1) != 0 ? in.readDouble() : null;
        Boolean correct = (flags & 2) != 0 ? Boolean.TRUE : (flags & 4) != 0 ? Boolean.FALSE : null;
        int ordinal = flags >>> 3;
        if (ordinal >= ParseStatus.values().length) throw new IllegalArgumentException("windows state bytes: bad parse status " + ordinal);
        ParseStatus status = ParseStatus.values()[ordinal];
        Double vc = status == ParseStatus.OK ? in.readDouble() : null;
        return new Observation(seq, ts, ic, vc, status, correct);
    }
}
