package io.cpa.analysis.topology;

import io.cpa.analysis.labels.LabelOutcomes;
import io.cpa.analysis.labels.LabelsConfig;
import io.cpa.analysis.series.AnalysisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/** Hands Kafka Streams a fresh {@link LabelRouter} per task, wired with the configuration. */
@ApplicationScoped
public class LabelRouterSupplier implements ProcessorSupplier<String, AnswerInput, String, SeriesInput> {
    private final LabelsConfig config;
    private final long horizonMs;
    private final DeadLetters deadLetters;
    private final LabelOutcomes outcomes;

    LabelRouterSupplier(LabelsConfig config, AnalysisConfig analysis, DeadLetters deadLetters, LabelOutcomes outcomes) {
        this.config = config;
        this.horizonMs = horizonMs(config, analysis);
        this.deadLetters = deadLetters;
        this.outcomes = outcomes;
    }

    /** The labels' horizon in effect: the configured one, never beyond the day buckets' retention. */
    static long horizonMs(LabelsConfig config, AnalysisConfig analysis) {
        return Math.min(config.horizon().toMillis(), analysis.buckets().days().toMillis());
    }

    LabelOutcomes outcomes() {
        return outcomes;
    }

    @Override
    public Processor<String, AnswerInput, String, SeriesInput> get() {
        return new LabelRouter(config, horizonMs, deadLetters, outcomes);
    }
}
