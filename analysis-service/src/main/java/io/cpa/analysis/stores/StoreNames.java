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

    /** series -> its skip counts by reason (JSON), from cpa.skips */
    public static final String SKIPS = "series-skips";

    private StoreNames() {}
}
