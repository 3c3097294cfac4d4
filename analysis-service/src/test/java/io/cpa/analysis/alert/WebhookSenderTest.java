package io.cpa.analysis.alert;

import io.cpa.client.RetriesExhaustedException;
import io.cpa.client.RetryPolicy;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook POST against a real HTTP server that fails on purpose. */
class WebhookSenderTest {
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100));
    static final String BODY = "{\"schemaVersion\":1,\"alertId\":\"a\"}";

    @Test
    void retriesUntilTheReceiverTakesIt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(2, 503)) {
            List<Integer> retried = new CopyOnWriteArrayList<>();
            int status = new WebhookSender(URI.create(receiver.url()), FAST, Duration.ofSeconds(5))
                    .post(BODY, (attempt, cause, delay) -> retried.add(attempt)).get(30, TimeUnit.SECONDS);
            assertThat(status).isEqualTo(204);
            assertThat(receiver.bodies).containsExactly(BODY, BODY, BODY);
            assertThat(receiver.accepted).containsExactly(BODY);
            assertThat(receiver.contentTypes).containsOnly("application/json");
            assertThat(retried).containsExactly(1, 2);
        }
    }

    @Test
    void givesUpAfterTheLastAttempt() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(100, 500)) {
            var future = new WebhookSender(URI.create(receiver.url()), FAST, Duration.ofSeconds(5)).post(BODY, RetryPolicy.Listener.NONE);
            assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(RetriesExhaustedException.class);
            assertThat(receiver.requests.get()).isEqualTo(4);
        }
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(100, 400)) {
            var future = new WebhookSender(URI.create(receiver.url()), FAST, Duration.ofSeconds(5)).post(BODY, RetryPolicy.Listener.NONE);
            assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).hasMessageContaining("answered 400");
            assertThat(receiver.requests.get()).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableReceiverIsRetriedAsATransportFailure() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var future = new WebhookSender(URI.create("http://127.0.0.1:" + port + "/hook"), FAST, Duration.ofSeconds(2))
                .post(BODY, RetryPolicy.Listener.NONE);
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(RetriesExhaustedException.class)
                .hasMessageContaining("unreachable");
    }
}
