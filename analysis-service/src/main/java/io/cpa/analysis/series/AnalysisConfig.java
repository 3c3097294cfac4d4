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

    /** retention of the time buckets behind the latest event of each series, and their grace for late answers */
    Buckets buckets();

    /**
     * answer ids remembered per series, the most recent ones: a second certainty for an answer is not counted again
     * when it arrives within this many certainties of the first
     */
    @WithDefault("200000")
    int countedAnswers();

    /** a snapshot is sent to cpa.alignment after this many new answers of a series ... */
    @WithDefault("50")
    int snapshotEvery();

    /** ... or after this long, whichever comes first */
    @WithDefault("1s")
    Duration snapshotInterval();

    /**
     * a series with answers not yet in a snapshot publishes one at least this often, with since-start and the accuracy
     * map as of the last {@code snapshot-interval}; 0 or not shorter than {@code snapshot-interval}: off. Shorter
     * means fresher snapshots at moderate rates and more of them (each also a history entry)
     */
    @WithDefault("0s")
    Duration publishInterval();

    /** answers kept per series in memory for the dashboard's scatter, reliability diagram and examples */
    @WithDefault("500")
    int recentAnswers();

    /** snapshots kept per series for the rho-over-time chart ({@code /api/series/{key}/history}) */
    @WithDefault("1000")
    int historySize();

    interface Buckets {
        /** minute buckets: ranges ending in this span are exact to the minute */
        @WithDefault("2d")
        Duration minutes();

        @WithDefault("90d")
        Duration hours();

        @WithDefault("1830d")
        Duration days();

        /** a bucket is rolled up once the latest event time is this far past its end; later answers still count */
        @WithDefault("1m")
        Duration grace();
    }

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
