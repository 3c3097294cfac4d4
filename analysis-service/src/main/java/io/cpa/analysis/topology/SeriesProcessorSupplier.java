package io.cpa.analysis.topology;

import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.event.CertaintyEvent;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/** Hands Kafka Streams a fresh processor per task, wired with the configuration. */
@ApplicationScoped
public class SeriesProcessorSupplier implements ProcessorSupplier<String, CertaintyEvent, String, String> {
    private final AnalysisConfig config;

    SeriesProcessorSupplier(AnalysisConfig config) {
        this.config = config;
    }

    @Override
    public Processor<String, CertaintyEvent, String, String> get() {
        return new SeriesProcessor(config);
    }
}
