package io.cpa.answer.publish;

import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import java.util.concurrent.CompletionStage;

/** Publishes answers to {@code cpa.answers}, keyed by answer id. */
@ApplicationScoped
public class AnswerPublisher {
    // the proxy bounds what waits here (cpa.proxy.buffer-capacity); the buffer must hold at least that much
    @Channel("answers")
    @org.eclipse.microprofile.reactive.messaging.OnOverflow(value = org.eclipse.microprofile.reactive.messaging.OnOverflow.Strategy.BUFFER, bufferSize = 65536)
    Emitter<Record<String, String>> answers;

    /** Completes when the broker has acknowledged the record. */
    public CompletionStage<Void> publish(AnswerEvent event) {
        return answers.send(Record.of(event.answerId(), EventJson.write(event)));
    }
}
