package io.cpa.analysis.topology;

import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.analysis.series.RecentAnswers;
import io.cpa.analysis.series.SeriesAnalysis;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.CertaintyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/** Hands Kafka Streams a fresh processor per task, wired with the configuration. */
@ApplicationScoped
public class SeriesProcessorSupplier implements ProcessorSupplier<String, CertaintyEvent, String, AlignmentSnapshot> {
    private final AnalysisConfig config;
    private final SeriesAnalysis analysis;
    private final RecentAnswers recent;

    SeriesProcessorSupplier(AnalysisConfig config, RecentAnswers recent) {
        this.config = config;
        this.analysis = new SeriesAnalysis(config);
        this.recent = recent;
    }

    @Override
    public Processor<String, CertaintyEvent, String, AlignmentSnapshot> get() {
        return new SeriesProcessor(config, analysis, recent);
    }
}
