package io.cpa.analysis.alert;

import io.cpa.client.RetryPolicy;
import io.cpa.event.AlertEvent;
import io.cpa.event.InvalidEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Delivers each committed alert event to {@code cpa.alerts.webhook.url}. It reads cpa.alerts in one consumer group
 * shared by all instances (read_committed), not from inside the topology: so each alert is posted once by one
 * instance, only after its transaction committed, and the Streams thread never waits for a receiver. The offset is
 * acknowledged when the delivery ended, delivered or given up, so a restart re-posts at most the alerts in flight.
 * Metrics: {@code cpa_alerts_webhook_delivered_total}, {@code _retries_total}, {@code _failures_total}.
 */
@ApplicationScoped
public class AlertWebhook {
    private static final Logger LOG = Logger.getLogger(AlertWebhook.class);
    private final WebhookSender sender;
    private final Counter delivered;
    private final Counter retries;
    private final Counter failures;

    AlertWebhook(AlertsConfig config, MeterRegistry registry) {
        AlertsConfig.Webhook w = config.webhook();
        this.sender = w.url().filter(u -> !u.isBlank()).map(u -> new WebhookSender(URI.create(u.trim()),
                new RetryPolicy(w.attempts(), w.baseDelay(), w.maxDelay()), w.timeout())).orElse(null);
        this.delivered = registry.counter("cpa.alerts.webhook.delivered");
        this.retries = registry.counter("cpa.alerts.webhook.retries");
        this.failures = registry.counter("cpa.alerts.webhook.failures");
    }

    @Incoming("alert-webhook")
    public CompletionStage<Void> deliver(String json) {
        if (sender == null) return CompletableFuture.completedFuture(null);
        AlertEvent event;
        try {
            event = AlertEvent.read(json);
        } catch (InvalidEventException e) {
            LOG.warnf("unreadable alert event not posted to the webhook: %s", e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        CompletionStage<Integer> posted;
        try {
            posted = post(json, event);
        } catch (RuntimeException e) {
            failures.increment();
            LOG.errorf(e, "webhook could not take alert %s", event.alertId());
            return CompletableFuture.completedFuture(null);
        }
        return posted
                .handle((status, error) -> {
                    if (error == null) {
                        delivered.increment();
                    } else {
                        // given up: counted and logged; the stream goes on (a failed stage would stop the channel)
                        failures.increment();
                        LOG.errorf("webhook could not take alert %s %s of %s: %s", event.alertId(), event.state(),
                                event.seriesKey(), RetryPolicy.unwrap(error).getMessage());
                    }
                    return null;
                });
    }

    private CompletionStage<Integer> post(String json, AlertEvent event) {
        return sender.post(json, (attempt, cause, delay) -> {
                    retries.increment();
                    LOG.infof("webhook attempt %d for alert %s failed (%s), retrying in %d ms", attempt, event.alertId(),
                            cause.getMessage(), delay);
                });
    }
}
