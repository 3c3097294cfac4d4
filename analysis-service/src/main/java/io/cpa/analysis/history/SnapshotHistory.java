package io.cpa.analysis.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.analysis.stores.StoreKeys;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.EventJson;
import io.cpa.stats.Estimate;
import io.cpa.stats.EstimatedAccuracy;
import io.cpa.stats.WindowStats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The rho-over-time history of a series, as plain functions over its store form. Each snapshot becomes one entry
 * holding, per window, rho with n, interval and status, and the estimated (with interval) and realised accuracy. Entries live in a ring of {@code capacity} slots per series,
 * keyed {@code seriesKey NUL slot}: a new snapshot overwrites the oldest slot, so the store never needs a delete or a
 * scan to stay bounded. The number of entries written so far sits under {@code seriesKey NUL count} and names the
 * next slot.
 */
public final class SnapshotHistory {
    private static final char SEP = '\u0000';

    /**
     * One point of the chart; rho, lower and upper are null unless status is OK; the probabilistic VC's rho and interval
     * (pvcRho, pvcLower, pvcUpper) likewise, and null in entries written before it existed. {@code estimated} with its
     * interval is the accuracy of the window's unlabelled answers estimated through the series' accuracy map (null
     * without an estimate), {@code realised} the accuracy of its labelled answers (null below min n), so that a chart
     * can draw the estimate against the truth as it arrives.
     */
    public record Point(long atMs, long received, long n, Double rho, Double lower, Double upper, String status,
                        Double pvcRho, Double pvcLower, Double pvcUpper, Double estimated, Double estimatedLower,
                        Double estimatedUpper, Double realised) {}

    private SnapshotHistory() {}

    public static String slotKey(String seriesKey, long written, int capacity) {
        return seriesKey + SEP + StoreKeys.padded(written % capacity, 6);
    }

    public static String countKey(String seriesKey) {
        return seriesKey + SEP + "count";
    }

    /** First and last key of the series' slots (inclusive); {@link #countKey} sorts after them. */
    public static String from(String seriesKey) {
        return seriesKey + SEP + "000000";
    }

    public static String to(String seriesKey) {
        return seriesKey + SEP + "999999";
    }

    /**
     * The entry of one snapshot: {@code {"atMs":..,"received":..,"windows":{"last-1000":{"n":..,"rho":..,...}}}}, with
     * the probabilistic VC's {@code pvcRho}, {@code pvcLower}, {@code pvcUpper} where it has a value.
     */
    public static String entry(AlignmentSnapshot s) {
        ObjectNode root = EventJson.mapper().createObjectNode();
        root.put("atMs", s.computedAtMs());
        root.put("received", s.received());
        root.put("labelled", s.windows().values().stream().mapToLong(w -> w.estimatedAccuracy().labelled()).max().orElse(0));
        ObjectNode windows = root.putObject("windows");
        for (Map.Entry<String, WindowStats> w : s.windows().entrySet()) {
            Estimate rho = w.getValue().spearman();
            ObjectNode p = windows.putObject(w.getKey());
            p.put("n", rho.n());
            if (rho.ok()) {
                p.put("rho", rho.value());
                p.put("lower", rho.lower());
                p.put("upper", rho.upper());
            }
            p.put("status", rho.status().name());
            Estimate pvc = w.getValue().probabilisticVc().spearman();
            if (pvc.ok()) {
                p.put("pvcRho", pvc.value());
                p.put("pvcLower", pvc.lower());
                p.put("pvcUpper", pvc.upper());
            }
            EstimatedAccuracy accuracy = w.getValue().estimatedAccuracy();
            if (accuracy.unlabelled().ok()) {
                p.put("estimated", accuracy.unlabelled().value());
                p.put("estimatedLower", accuracy.unlabelled().lower());
                p.put("estimatedUpper", accuracy.unlabelled().upper());
            }
            if (accuracy.realisedAccuracy().ok()) p.put("realised", accuracy.realisedAccuracy().value());
        }
        return EventJson.write(root);
    }

    public static long received(String entry) {
        return tree(entry).path("received").asLong(-1);
    }

    /**
     * The labelled answers (with IC) of the entry's largest window, -1 in entries written before it was kept: a
     * snapshot at the answer count of the last entry is a new point only when labels arrived in between (a
     * re-published snapshot after a restore, or a timed one after one by count, is not).
     */
    public static long labelled(String entry) {
        return tree(entry).path("labelled").asLong(-1);
    }

    /** The points of one window from the stored entries (any order), oldest first, at most the {@code limit} newest. */
    public static List<Point> points(Iterable<String> entries, String window, int limit) {
        List<Point> out = new ArrayList<>();
        for (String entry : entries) {
            JsonNode e = tree(entry);
            JsonNode w = e.path("windows").path(window);
            if (w.isMissingNode()) continue;
            out.add(new Point(e.path("atMs").asLong(), e.path("received").asLong(), w.path("n").asLong(),
                    number(w, "rho"), number(w, "lower"), number(w, "upper"), w.path("status").asText(),
                    number(w, "pvcRho"), number(w, "pvcLower"), number(w, "pvcUpper"), number(w, "estimated"),
                    number(w, "estimatedLower"), number(w, "estimatedUpper"), number(w, "realised")));
        }
        out.sort(Comparator.comparingLong(Point::received).thenComparingLong(Point::atMs));
        return out.size() <= limit ? out : List.copyOf(out.subList(out.size() - limit, out.size()));
    }

    private static Double number(JsonNode w, String field) {
        JsonNode v = w.get(field);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }

    private static JsonNode tree(String entry) {
        try {
            return EventJson.mapper().readTree(entry);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable history entry in the store", e);
        }
    }
}
