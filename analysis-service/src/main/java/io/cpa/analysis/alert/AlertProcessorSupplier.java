package io.cpa.analysis.alert;

import io.cpa.alert.AlertEngine;
import io.cpa.alert.AlertRules;
import io.cpa.analysis.series.AnalysisConfig;
import io.cpa.analysis.series.SeriesAnalysis;
import io.cpa.event.AlignmentSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Builds the alert rules from configuration once (a bad value stops start-up with its key) and a processor per task. */
@ApplicationScoped
public class AlertProcessorSupplier implements ProcessorSupplier<String, AlignmentSnapshot, String, String> {
    private final AlertEngine engine;

    public AlertProcessorSupplier(AlertsConfig config, AnalysisConfig analysis) {
        this.engine = new AlertEngine(rules(config, new SeriesAnalysis(analysis).windowNames(), analysis.windows()));
    }

    public AlertRules rules() {
        return engine.rules();
    }

    static AlertRules rules(AlertsConfig c, List<String> windowNames, List<Integer> countWindows) {
        String window = c.window().orElseGet(() -> countWindows.isEmpty() ? "since-start"
                : "last-" + countWindows.stream().mapToInt(Integer::intValue).max().getAsInt());
        if (!windowNames.contains(window)) {
            throw new IllegalArgumentException("cpa.alerts.window '" + window + "' is not one of the windows " + windowNames);
        }
        Set<AlertRules.Rule> enabled = EnumSet.noneOf(AlertRules.Rule.class);
        for (String id : c.rules()) {
            if (!id.isBlank() && !id.trim().equals("none")) enabled.add(AlertRules.Rule.byId(id));
        }
        try {
            return new AlertRules(window, c.minN(), enabled, c.rhoFloor(), c.baselineN(), c.baselineRho().orElse(null),
                    c.minDrop(), c.parseFailureRate(), c.eceRise(), c.hysteresis(), c.change().delta(), c.change().lambda(),
                    c.change().minSamples(), c.history());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cpa.alerts: " + e.getMessage(), e);
        }
    }

    @Override
    public Processor<String, AlignmentSnapshot, String, String> get() {
        return new AlertProcessor(engine);
    }
}
