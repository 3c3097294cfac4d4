package io.cpa.analysis.topology;

import io.cpa.analysis.series.AnalysisConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

/** Hands Kafka Streams a fresh processor per task, wired with the dead-letter sink and the configuration. */
@ApplicationScoped
public class SeriesProcessorSupplier implements ProcessorSupplier<String, byte[], String, String> {
    private final DeadLetters deadLetters;
    private final AnalysisConfig config;

    SeriesProcessorSupplier(DeadLetters deadLetters, AnalysisConfig config) {
        this.deadLetters = deadLetters;
        this.config = config;
    }

    @Override
    public Processor<String, byte[], String, String> get() {
        return new SeriesProcessor(deadLetters, config);
    }
}
