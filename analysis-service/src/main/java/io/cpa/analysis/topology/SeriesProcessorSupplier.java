package io.cpa.analysis.topology;

import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.analysis.series.RecentAnswers;
import io.cpa.analysis.series.SeriesAnalysis;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.analysis.labels.AccuracyMapPolicy;
import io.cpa.analysis.labels.LabelOutcomes;
import io.cpa.analysis.labels.LabelsConfig;
import io.cpa.label.LabelKind;

import java.util.List;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/** Hands Kafka Streams a fresh processor per task, wired with the configuration. */
@ApplicationScoped
public class SeriesProcessorSupplier implements ProcessorSupplier<String, SeriesInput, String, AlignmentSnapshot> {
    private final AnalysisConfig config;
    private final SeriesAnalysis analysis;
    private final RecentAnswers recent;
    private final LabelsConfig labels;
    private final LabelOutcomes outcomes;
    private final List<LabelKind> precedence;

    SeriesProcessorSupplier(AnalysisConfig config, RecentAnswers recent, LabelsConfig labels, LabelOutcomes outcomes) {
        this.config = config;
        this.analysis = new SeriesAnalysis(config);
        this.recent = recent;
        this.labels = labels;
        this.outcomes = outcomes;
        this.precedence = labels.precedence().stream().map(LabelKind::of).toList(); // a bad kind fails the start
        new AccuracyMapPolicy(labels.refitGrowth(), labels.refitMinNew()); // as must a bad refit setting
    }

    @Override
    public Processor<String, SeriesInput, String, AlignmentSnapshot> get() {
        return new SeriesProcessor(config, analysis, recent,
                new SeriesLabels(LabelRouterSupplier.horizonMs(labels, config), precedence, outcomes,
                        analysis.retention().daysMs()),
                new SeriesAccuracy(new AccuracyMapPolicy(labels.refitGrowth(), labels.refitMinNew())));
    }
}
