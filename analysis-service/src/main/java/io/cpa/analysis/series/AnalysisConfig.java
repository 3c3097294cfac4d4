package io.cpa.analysis.series;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** Windows, gates and snapshot pacing of the analysis. */
@ConfigMapping(prefix = "cpa.analysis")
public interface AnalysisConfig {
    /** count windows: statistics over the last N paired answers of each series */
    @WithDefault("100,1000")
    List<Integer> windows();

    /** below this many pairs a statistic is reported as insufficient, not as a number */
    @WithDefault("30")
    int minN();

    /** a snapshot is sent to cpa.alignment after this many new answers of a series ... */
    @WithDefault("50")
    int snapshotEvery();

    /** ... or after this long, whichever comes first */
    @WithDefault("1s")
    Duration snapshotInterval();
}
