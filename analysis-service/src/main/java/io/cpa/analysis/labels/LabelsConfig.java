package io.cpa.analysis.labels;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** How labels from cpa.labels join the series (prefix {@code cpa.labels}). */
@ConfigMapping(prefix = "cpa.labels")
public interface LabelsConfig {
    /**
     * how long a label whose answer has no certainty yet waits for it (wall-clock time since the label was received);
     * after it the label is a dead letter with reason {@code unknown-answer}
     */
    @WithDefault("1h")
    Duration pendingGrace();

    /** labels waiting for their answer per task at most; beyond it the oldest one is a dead letter ({@code pending-overflow}) */
    @WithDefault("100000")
    int pendingMax();

    /**
     * event time after which an answer can no longer be labelled: its labels are counted as {@code expired} and
     * dropped. Never longer than the minute buckets' retention in effect: a label must find its answer's bucket
     */
    @WithDefault("7d")
    Duration horizon();

    /** labellers kept per answer (the latest label of each); a label by one more labeller is a dead letter ({@code too-many-labellers}) */
    @WithDefault("32")
    int maxLabellersPerAnswer();

    /** the kinds whose verdict is the headline correctness, most trusted first: gold, human, judge, user-feedback */
    @WithDefault("gold,human,judge,user-feedback")
    List<String> precedence();

    /** how often waiting labels are checked against the grace */
    @WithDefault("10s")
    Duration pendingCheckInterval();

    /**
     * the accuracy map of a series is refitted (at a snapshot) once its labelled answers grew by at least this share
     * since the last fit, and by at least {@code refit-min-new}
     */
    @WithDefault("0.1")
    double refitGrowth();

    /** the fewest new labelled answers that refit a series' accuracy map (also the labels the first map waits for) */
    @WithDefault("20")
    int refitMinNew();
}
