package io.cpa.analysis.topology;

import io.cpa.analysis.alert.AlertProcessorSupplier;
import io.cpa.analysis.alert.AlertsConfig;
import io.cpa.analysis.history.HistoryProcessorSupplier;
import io.cpa.analysis.labels.LabelOutcomes;
import io.cpa.analysis.labels.LabelsConfig;
import io.cpa.analysis.series.AnalysisConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.cpa.analysis.series.RecentAnswers;
import io.cpa.certainty.CertaintyLevel;
import io.cpa.certainty.VerbalizedCertainty;
import io.cpa.event.CertaintyEvent;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Properties;
import java.util.UUID;

/** The topology as the service builds it, from configuration given as properties, without Quarkus. */
final class Wiring {
    final AnalysisConfig analysis;
    final LabelsConfig labels;
    final LabelOutcomes outcomes = new LabelOutcomes(new SimpleMeterRegistry());
    /** what the topology dead-lettered: source topic, reason */
    final List<String[]> deadLetters = new CopyOnWriteArrayList<>();
    final Topology topology;

    Wiring(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(AnalysisConfig.class).withMapping(AlertsConfig.class).withMapping(LabelsConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        analysis = config.getConfigMapping(AnalysisConfig.class);
        labels = config.getConfigMapping(LabelsConfig.class);
        AlertsConfig alerts = config.getConfigMapping(AlertsConfig.class);
        DeadLetters sink = new DeadLetters(java.util.Map.of("bootstrap.servers", "127.0.0.1:1")) {
            @Override
            public void send(String sourceTopic, int partition, long offset, byte[] key, byte[] value, String reason) {
                deadLetters.add(new String[]{sourceTopic, reason});
            }
        };
        topology = new AlignmentTopology(new SeriesProcessorSupplier(analysis, new RecentAnswers(analysis), labels, outcomes),
                new AlertProcessorSupplier(alerts, analysis), new HistoryProcessorSupplier(analysis), sink,
                new LabelRouterSupplier(labels, analysis, sink, outcomes), new CertaintyPartitions(() -> 1))
                .topology(org.apache.kafka.streams.state.Stores::inMemoryKeyValueStore);
    }

    static Properties streams(Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "analysis-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return p;
    }

    static CertaintyEvent certainty(String series, String answerId, long eventMs, double ic, int rank) {
        String[] p = series.split("\\|");
        Instant t = Instant.ofEpochMilli(eventMs);
        CertaintyLevel level = CertaintyLevel.ofRank(rank);
        return new CertaintyEvent(CertaintyEvent.SCHEMA_VERSION, answerId == null ? UUID.randomUUID().toString() : answerId,
                series, p[0], p[1], p[2], 1, t, t, ic, "option-ratio@1", "A", null, (eventMs / 7) % 3 == 0,
                VerbalizedCertainty.ofLevel(level, level.phrase()), 0.2, 5, null, null);
    }
}
