package io.cpa.event;

import java.util.List;

/** The topic contract between the services. Each input topic has a {@code .dlq} sibling for records that cannot be processed. */
public final class Topics {
    public static final String ANSWERS = "cpa.answers";
    public static final String CERTAINTIES = "cpa.certainties";
    public static final String ALIGNMENT = "cpa.alignment";
    public static final String ALERTS = "cpa.alerts";
    /** Answers the certainty-service did not ask about, one record per answer and variant, with the reason. */
    public static final String SKIPS = "cpa.skips";
    /** Later judgements of answers ({@link LabelEvent}), keyed by answer id. */
    public static final String LABELS = "cpa.labels";
    public static final String DLQ_SUFFIX = ".dlq";

    /** Every topic the pipeline uses, DLQs included; created up front because Kafka Streams waits for its sources. */
    public static final List<String> ALL = List.of(
            ANSWERS, dlq(ANSWERS), CERTAINTIES, dlq(CERTAINTIES), ALIGNMENT, ALERTS, SKIPS, dlq(SKIPS), LABELS, dlq(LABELS));

    private Topics() {}

    public static String dlq(String topic) {
        return topic + DLQ_SUFFIX;
    }
}
