package io.cpa.analysis.history;

import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.event.AlignmentSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

@ApplicationScoped
public class HistoryProcessorSupplier implements ProcessorSupplier<String, AlignmentSnapshot, Void, Void> {
    private final int capacity;

    public HistoryProcessorSupplier(AnalysisConfig config) {
        if (config.historySize() < 1 || config.historySize() > 999_999) {
            throw new IllegalArgumentException("cpa.analysis.history-size must be 1..999999, got " + config.historySize());
        }
        this.capacity = config.historySize();
    }

    @Override
    public Processor<String, AlignmentSnapshot, Void, Void> get() {
        return new HistoryProcessor(capacity);
    }
}
