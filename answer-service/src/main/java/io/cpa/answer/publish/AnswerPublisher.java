package io.cpa.answer.publish;

import io.cpa.answer.label.KnownAnswers;
import io.cpa.event.AnswerEvent;
import io.cpa.event.AnswerHeaders;
import io.cpa.event.EventJson;
import io.cpa.privacy.TextPrivacy;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Publishes answers to {@code cpa.answers}, keyed by answer id. Each acknowledged answer is noted in the index of
 * known answers at once, so a label posted right after it finds it without waiting for the topic.
 * <p>
 * Every answer of every entrance (benchmark, proxy, ingest, OTLP) leaves here, so this is where the text policy is
 * applied: nothing after this point (the topic, the dead letters made of it, the index) sees more of the text than
 * the policy keeps. And so it is the one writer of the {@link AnswerHeaders} every answer record carries.
 */
@ApplicationScoped
public class AnswerPublisher {
    // the proxy bounds what waits here (cpa.proxy.buffer-capacity); the buffer must hold at least that much
    @Channel("answers")
    @org.eclipse.microprofile.reactive.messaging.OnOverflow(value = org.eclipse.microprofile.reactive.messaging.OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    Emitter<Record<String, String>> answers;

    @Inject
    KnownAnswers known;

    @Inject
    TextPrivacy privacy;

    @Inject
    io.cpa.route.ModelRoutes routes;

    /** Completes when the broker has acknowledged the record and the answer is known to labels. */
    public CompletionStage<Void> publish(AnswerEvent built) {
        // an ingested or traced answer came through no route: its model's route in the table decides
        String route = built.route() != null ? built.route() : routes.routeFor(built.model()).map(io.cpa.route.ModelRoute::name).orElse(null);
        AnswerEvent event = privacy.redact(built, route, built.tenantOrDefault());
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        answers.send(Message.of(Record.of(event.answerId(), EventJson.write(event)),
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder().withHeaders(headers(event)).build()),
                () -> {
                    acknowledged.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    acknowledged.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return acknowledged.thenRun(() -> known.note(event));
    }

    private static RecordHeaders headers(AnswerEvent event) {
        RecordHeaders headers = new RecordHeaders();
        for (Map.Entry<String, String> h : AnswerHeaders.of(event).entrySet()) {
            headers.add(h.getKey(), h.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return headers;
    }
}
