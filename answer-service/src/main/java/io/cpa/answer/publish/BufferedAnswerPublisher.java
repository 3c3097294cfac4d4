package io.cpa.answer.publish;

import io.cpa.event.AnswerEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fire-and-forget publishing for the proxy, whose callers must never wait for or fail because of Kafka. At most
 * {@code cpa.proxy.buffer-capacity} answers wait for the broker's acknowledgement; beyond that an answer is dropped
 * and counted ({@code cpa_proxy_dropped_total{reason="buffer-full"}}), as is one the producer finally fails to
 * deliver ({@code reason="publish-failed"}). Nothing here blocks the calling thread.
 */
@ApplicationScoped
public class BufferedAnswerPublisher {
    private static final Logger LOG = Logger.getLogger(BufferedAnswerPublisher.class);

    private final AnswerPublisher publisher;
    private final int capacity;
    private final AtomicInteger pending = new AtomicInteger();
    private final Counter bufferFull;
    private final Counter publishFailed;

    BufferedAnswerPublisher(AnswerPublisher publisher, MeterRegistry registry,
                            @ConfigProperty(name = "cpa.proxy.buffer-capacity", defaultValue = "10000") int capacity) {
        this.publisher = publisher;
        this.capacity = capacity;
        this.bufferFull = Counter.builder("cpa.proxy.dropped").tag("reason", "buffer-full")
                .description("proxied answers not published").register(registry);
        this.publishFailed = Counter.builder("cpa.proxy.dropped").tag("reason", "publish-failed")
                .description("proxied answers not published").register(registry);
        Gauge.builder("cpa.proxy.pending", pending, AtomicInteger::get)
                .description("proxied answers waiting for the broker").register(registry);
    }

    /** Hands the answer to Kafka if there is room; returns false when it was dropped. */
    public boolean offer(AnswerEvent event) {
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            bufferFull.increment();
            return false;
        }
        try {
            publisher.publish(event).whenComplete((ok, error) -> {
                pending.decrementAndGet();
                if (error != null) {
                    publishFailed.increment();
                    LOG.warnf("answer %s not published: %s", event.answerId(), error.getMessage());
                }
            });
            return true;
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            publishFailed.increment();
            LOG.warnf("answer %s not published: %s", event.answerId(), e.getMessage());
            return false;
        }
    }
}
