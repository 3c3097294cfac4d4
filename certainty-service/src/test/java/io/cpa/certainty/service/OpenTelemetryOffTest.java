package io.cpa.certainty.service;

import io.cpa.certainty.otel.EvaluationEmitter;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** OpenTelemetry off, as configured by default: the SDK is disabled and a published certainty emits nothing. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = StubModelResource.class, scope = TestResourceScope.GLOBAL)
class OpenTelemetryOffTest {
    @Inject
    EvaluationEmitter emitter;

    @Inject
    OpenTelemetry openTelemetry;

    @Test
    void byDefaultTheSdkIsDisabledAndACertaintyEmitsNoRecord() {
        assertThat(ConfigProvider.getConfig().getValue("cpa.otel.enabled", Boolean.class)).isFalse();
        assertThat(ConfigProvider.getConfig().getValue("quarkus.otel.sdk.disabled", Boolean.class)).isTrue();
        assertThat(emitter.enabled()).isFalse();
        // the SDK Quarkus builds when disabled has no processor, so no exporter and no queue
        assertThat(openTelemetry).isInstanceOf(OpenTelemetrySdk.class);
        assertThat(((OpenTelemetrySdk) openTelemetry).getSdkLoggerProvider().toString()).contains("logRecordProcessor=NoopLogRecordProcessor");
        assertThat(((OpenTelemetrySdk) openTelemetry).getSdkTracerProvider().toString()).contains("spanProcessor=NoopSpanProcessor");

        String id = UUID.randomUUID().toString();
        try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
            kafka.send(Topics.ANSWERS, id, EventJson.write(AnswerConsumerTest.answer(id, "Where are books lent? " + id)));
            assertThat(kafka.read(Topics.CERTAINTIES, r -> r.value().contains(id), 1, Duration.ofSeconds(60))).hasSize(1);
        }
        assertThat(Metrics.value("cpa_certainty_otel_records_total")).isZero();
    }
}
