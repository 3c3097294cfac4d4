package io.cpa.answer.label;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import io.cpa.kafkaaccess.KafkaConnection;
import io.smallrye.common.annotation.Identifier;

import java.time.Clock;
import java.util.Map;

/** The labels' wiring: one index of known answers per instance, fed from the topics from start-up, and the desk. */
@ApplicationScoped
public class Labels {
    private final LabelsConfig config;
    private final Map<String, Object> kafka;
    private AnswerIndexFeed feed;

    Labels(LabelsConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.config = config;
        this.kafka = kafka;
    }

    @Produces
    @Singleton
    KnownAnswers knownAnswers(MeterRegistry registry) {
        KnownAnswers index = new KnownAnswers(config.index().maxAnswers(), config.index().horizon(),
                config.index().maxLabellersPerAnswer(), config.maxPending(), Clock.systemUTC());
        Gauge.builder("cpa.labels.index.answers", index, KnownAnswers::size).description("answers the label index knows").register(registry);
        Gauge.builder("cpa.labels.pending", index, KnownAnswers::pending).description("labels waiting for their answer").register(registry);
        return index;
    }

    @Produces
    @Singleton
    LabelDesk desk(KnownAnswers index, LabelPublisher publisher) {
        return new LabelDesk(index, publisher::publish, new LabelDesk.Settings(config.grace(), config.maxFutureSkew(),
                config.publishTimeout(), config.index().horizon()), Clock.systemUTC());
    }

    void start(@Observes StartupEvent event, KnownAnswers index) {
        feed = new AnswerIndexFeed(KafkaConnection.of(kafka), index, config.index().horizon(), config.index().maxAnswers(), Clock.systemUTC()).start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (feed != null) feed.close();
    }
}
