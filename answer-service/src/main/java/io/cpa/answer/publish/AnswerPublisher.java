package io.cpa.answer.publish;

import io.cpa.answer.label.KnownAnswers;
import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletionStage;

/**
 * Publishes answers to {@code cpa.answers}, keyed by answer id. Each acknowledged answer is noted in the index of
 * known answers at once, so a label posted right after it finds it without waiting for the topic.
 */
@ApplicationScoped
public class AnswerPublisher {
    // the proxy bounds what waits here (cpa.proxy.buffer-capacity); the buffer must hold at least that much
    @Channel("answers")
    @org.eclipse.microprofile.reactive.messaging.OnOverflow(value = org.eclipse.microprofile.reactive.messaging.OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    Emitter<Record<String, String>> answers;

    @Inject
    KnownAnswers known;

    /** Completes when the broker has acknowledged the record and the answer is known to labels. */
    public CompletionStage<Void> publish(AnswerEvent event) {
        return answers.send(Record.of(event.answerId(), EventJson.write(event))).thenRun(() -> known.note(event));
    }
}
