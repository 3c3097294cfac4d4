package io.cpa.analysis.series;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Windows, gates, bins and snapshot pacing of the analysis (prefix {@code cpa.analysis}). */
@ConfigMapping(prefix = "cpa.analysis")
public interface AnalysisConfig {
    /** count windows: statistics over the last N answers of each series */
    @WithDefault("100,1000,10000")
    List<Integer> windows();

    /** time windows by event time */
    @WithDefault("5m,1h")
    List<Duration> timeWindows();

    /** below this many pairs a statistic is reported as insufficient, not as a number */
    @WithDefault("30")
    int minN();

    /** equal-width bins of the expected calibration error */
    @WithDefault("10")
    int calibrationBins();

    /** equal-width bins of the IC histogram */
    @WithDefault("20")
    int histogramBins();

    Taxonomy taxonomy();

    /** a snapshot is sent to cpa.alignment after this many new answers of a series ... */
    @WithDefault("50")
    int snapshotEvery();

    /** ... or after this long, whichever comes first */
    @WithDefault("1s")
    Duration snapshotInterval();

    /** answers kept per series in memory for the dashboard's scatter, reliability diagram and examples */
    @WithDefault("500")
    int recentAnswers();

    /** snapshots kept per series for the rho-over-time chart ({@code /api/series/{key}/history}) */
    @WithDefault("1000")
    int historySize();

    /** thresholds of the misalignment taxonomy: high is at least the high threshold, low at most the low one */
    interface Taxonomy {
        @WithDefault("0.3")
        double icLow();

        @WithDefault("0.7")
        double icHigh();

        @WithDefault("0.3")
        double vcLow();

        @WithDefault("0.7")
        double vcHigh();

        @WithDefault("0.2")
        double discordanceGap();
    }
}
