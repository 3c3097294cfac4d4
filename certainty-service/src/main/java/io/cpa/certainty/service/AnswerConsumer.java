package io.cpa.certainty.service;

import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.InvalidEventException;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * cpa.answers -> certainty call(s) -> cpa.certainties. A record is acknowledged only after its certainties are
 * written; an unreadable record or a call that fails after its retries is nacked, which sends it to cpa.answers.dlq
 * with the reason, and the consumer goes on.
 */
@ApplicationScoped
public class AnswerConsumer {
    private static final Logger LOG = Logger.getLogger(AnswerConsumer.class);

    private final CertaintyElicitor elicitor;

    @Channel("certainties")
    Emitter<Record<String, String>> certainties;

    AnswerConsumer(CertaintyElicitor elicitor) {
        this.elicitor = elicitor;
    }

    @Incoming("answers")
    public CompletionStage<Void> onAnswer(Message<String> message) {
        AnswerEvent answer;
        try {
            answer = EventJson.readAnswer(message.getPayload());
        } catch (InvalidEventException e) {
            LOG.warnf("dead-lettering an unreadable answer: %s", e.getMessage());
            return message.nack(e);
        }
        return elicitor.elicit(answer)
                .thenCompose(events -> CompletableFuture.allOf(events.stream().map(this::publish)
                        .map(CompletionStage::toCompletableFuture).toArray(CompletableFuture[]::new)))
                .thenCompose(done -> message.ack())
                .exceptionallyCompose(error -> {
                    Throwable cause = error.getCause() != null ? error.getCause() : error;
                    LOG.warnf("dead-lettering answer %s: %s", answer.answerId(), cause.getMessage());
                    return message.nack(cause);
                });
    }

    private CompletionStage<Void> publish(CertaintyEvent event) {
        return certainties.send(Record.of(event.seriesKey(), EventJson.write(event)));
    }
}
