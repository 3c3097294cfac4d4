package io.cpa.analysis.labels;

import io.cpa.stats.AccuracyCheck;
import io.cpa.stats.AccuracyMap;
import io.cpa.stats.Bucket;

import java.util.List;

/**
 * When a series' accuracy map is refitted, and what the labels that arrived since the last fit say of it. Pure.
 *
 * <p>At a snapshot that brings since-start up to date, with L labelled answers (with IC) in since-start now and L0 when
 * the current map was fitted (0 before the first): refit from since-start ({@link AccuracyMap#fit(Bucket)}, by the
 * headline verdicts) when L - L0 is at least {@code minNew} and at least {@code growth} L0. Refitting on every label
 * would change the map's version, and every estimate with it, at every snapshot, for differences far inside the map's
 * own error; waiting for a share of new labels keeps the map still until there is something new to learn from, and
 * the minimum keeps the early maps, fitted on a few dozen labels, from being replaced label by label.
 *
 * <p>Before replacing a map that could be fitted, the answers labelled since it was fitted are checked against it:
 * their ICs are the labelled ICs of since-start now minus those at the fit (the difference of the two
 * {@link AccuracyMap.Sums}, so nothing per answer is kept), their estimate through the old map against their realised
 * accuracy ({@link AccuracyCheck}). The realised count is the labelled correct count now minus at the fit: a verdict
 * changed on an answer labelled before the fit is counted as if it were new (rare: one labeller changing its mind).
 */
public final class AccuracyMapPolicy {
    private final double growth;
    private final long minNew;

    public AccuracyMapPolicy(double growth, long minNew) {
        if (!(growth >= 0)) throw new IllegalArgumentException("refit growth must be >= 0, got " + growth);
        if (minNew < 1) throw new IllegalArgumentException("refit min-new must be at least 1, got " + minNew);
        this.growth = growth;
        this.minNew = minNew;
    }

    /** The series' next fitted map from its since-start bucket, or null when {@code current} stays. */
    public FittedAccuracy next(FittedAccuracy current, Bucket sinceStart) {
        List<AccuracyMap.Point> points = AccuracyMap.points(sinceStart);
        long labels = 0, correct = 0;
        for (AccuracyMap.Point p : points) {
            labels += p.correct() + p.incorrect();
            correct += p.correct();
        }
        long before = current == null ? 0 : current.map().labels();
        long grown = labels - before;
        if (grown < minNew || grown < growth * before) return null;
        AccuracyCheck check = current == null ? null : current.check();
        if (current != null && current.map().present()) {
            AccuracyMap old = current.map();
            AccuracyMap.Sums since = sums(old, points).minus(current.atFit());
            long correctSince = Math.max(0, Math.min(grown, correct - old.correct()));
            check = AccuracyCheck.of(old.version(), old.labels(), old.estimate(since), correctSince);
        }
        AccuracyMap map = AccuracyMap.fit(points);
        return new FittedAccuracy(map, sums(map, points), check);
    }

    /** The sums of the labelled points' ICs, each with its count of labels, through {@code map}. */
    static AccuracyMap.Sums sums(AccuracyMap map, List<AccuracyMap.Point> points) {
        AccuracyMap.Estimator e = map.estimator();
        for (AccuracyMap.Point p : points) e.add(p.ic(), p.correct() + p.incorrect());
        return e.sums();
    }
}
