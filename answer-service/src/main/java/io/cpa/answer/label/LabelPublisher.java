package io.cpa.answer.label;

import io.cpa.event.EventJson;
import io.cpa.event.LabelEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import java.util.concurrent.CompletionStage;

/** Publishes labels to {@code cpa.labels}, keyed by answer id (so one answer's labels keep their order). */
@ApplicationScoped
public class LabelPublisher {
    // what waits here is bounded by cpa.labels.max-pending and the batch bound of the requests in flight
    @Channel("labels")
    @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 16384)
    Emitter<Record<String, String>> labels;

    /** Completes when the broker has acknowledged the record. */
    public CompletionStage<Void> publish(LabelEvent label) {
        return labels.send(Record.of(label.answerId(), EventJson.write(label)));
    }
}
