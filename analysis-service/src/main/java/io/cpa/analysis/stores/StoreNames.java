package io.cpa.analysis.stores;

/** The state stores of the topology, by name: the one place every processor and query takes them from. */
public final class StoreNames {
    /** series NUL arrival -> observation (26 bytes): what the exact windows and the open buckets still need */
    public static final String OBSERVATIONS = "series-observations";
    /** series -> certainties counted so far */
    public static final String ARRIVALS = "series-arrivals";
    /** series -> the last snapshot JSON, which the API serves */
    public static final String SNAPSHOTS = "series-snapshots";
    /** series -> alert state JSON */
    public static final String ALERTS = "series-alerts";
    /** series NUL slot -> a snapshot's history entry */
    public static final String HISTORY = "series-history";
    /** series NUL answer id -> the arrival that counted it, for the last counted-answers arrivals */
    public static final String COUNTED = "series-counted-answers";
    /** series NUL arrival -> answer id: the order in which counted ids expire */
    public static final String COUNTED_ORDER = "series-counted-order";
    /** series NUL resolution NUL start -> bucket; series NUL "total", series NUL "position" */
    public static final String BUCKETS = "series-buckets";

    /**
     * series NUL answer id -> the answer as labels need it (arrival, observation, the latest verdict of each labeller),
     * or the verdicts of an answer whose certainty has not reached the series yet; kept for the labels' horizon
     */
    public static final String LABELLED = "series-labelled";
    /** series NUL event time NUL answer id -> "": the order in which {@link #LABELLED} entries expire */
    public static final String LABELLED_ORDER = "series-labelled-order";
    /**
     * series NUL day start -> {@code LabelDelays} of the labels of the answers of that UTC day (event time), kept as
     * long as the day buckets
     */
    public static final String LABEL_DELAYS = "series-label-delays";
    /** answer id -> the series of the answer, its chosen option and its labels (the label router's state) */
    public static final String ROUTES = "label-routes";
    /** "R" or "P" NUL time NUL answer id -> "": routed answers by event time, waiting labels by their receipt */
    public static final String ROUTES_ORDER = "label-routes-order";

    /**
     * series -> its accuracy map, the sums of the labels it was fitted on and the latest check of a map against later
     * labels ({@code FittedAccuracy}): one entry per series, a few hundred bytes to a few kB
     */
    public static final String ACCURACY_MAPS = "series-accuracy-maps";

    /** series -> its skip counts by reason (JSON), from cpa.skips */
    public static final String SKIPS = "series-skips";

    private StoreNames() {}
}
