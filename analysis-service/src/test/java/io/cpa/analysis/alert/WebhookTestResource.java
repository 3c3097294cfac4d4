package io.cpa.analysis.alert;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Starts a webhook receiver that fails its first two POSTs with 503, and points the application's webhook at it. */
public class WebhookTestResource implements QuarkusTestResourceLifecycleManager {
    static volatile WebhookReceiver receiver;

    @Override
    public Map<String, String> start() {
        try {
            receiver = new WebhookReceiver(2, 503);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("cpa.alerts.webhook.url", receiver.url());
    }

    @Override
    public void stop() {
        if (receiver != null) receiver.close();
    }
}
