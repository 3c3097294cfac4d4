package io.cpa.kafkaaccess;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Asks the broker once, at start-up, whether the service's credentials are accepted, so that a wrong password or an
 * untrusted certificate stops the service with one message naming the cause instead of leaving every client to retry
 * in the background. A broker that cannot be reached yet is not a failure: the check asks again until it gets an
 * answer (the clients themselves keep retrying as before).
 */
public final class KafkaAccessCheck {
    private static final Duration ATTEMPT = Duration.ofSeconds(10);
    private static final Duration PAUSE = Duration.ofSeconds(2);

    private KafkaAccessCheck() {}

    /**
     * Checks in a daemon thread; calls {@code onFailure} with the message once when the broker refuses the
     * credentials or the TLS handshake, and returns silently once the broker has answered.
     *
     * @param connection the client properties of {@link KafkaConnection#of}
     * @return the thread, already started (interrupt it to stop checking)
     */
    public static Thread inBackground(Map<String, Object> connection, Consumer<String> onFailure) {
        Thread t = new Thread(() -> check(connection).ifPresent(onFailure), "kafka-access-check");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Blocks until the broker answers: empty when it accepted the credentials, else the failure message. */
    public static Optional<String> check(Map<String, Object> connection) {
        Map<String, Object> props = KafkaConnection.with(connection, Map.of(
                AdminClientConfig.CLIENT_ID_CONFIG, "cpa-kafka-access-check",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ATTEMPT.toMillis()));
        try (Admin admin = Admin.create(props)) {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    admin.describeCluster().clusterId().get(ATTEMPT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                    return Optional.empty();
                } catch (ExecutionException e) {
                    Optional<String> failure = failure(e.getCause(), connection);
                    if (failure.isPresent()) return failure;
                } catch (TimeoutException e) {
                    // not reachable yet: ask again
                }
                Thread.sleep(PAUSE.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a client that cannot even be built (e.g. an unreadable truststore) fails the same way
            Optional<String> failure = failure(e, connection);
            if (failure.isPresent()) return failure;
            return Optional.of("Kafka client configuration rejected: " + messages(e));
        }
        return Optional.empty();
    }

    /**
     * The message for an exception the broker or the TLS layer raised, naming user, mechanism and broker, never a
     * password; empty for an exception that is not about credentials or certificates.
     */
    public static Optional<String> failure(Throwable error, Map<String, ?> connection) {
        Object bootstrap = connection.get("bootstrap.servers");
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SaslAuthenticationException) {
                Object jaas = connection.get("sasl.jaas.config");
                String user = KafkaClientSecurity.userOf(jaas == null ? null : jaas.toString()).orElse("(none in the JAAS line)");
                return Optional.of("Kafka authentication failed for user '" + user + "' via " + connection.get("sasl.mechanism")
                        + " at " + bootstrap + ": " + t.getMessage() + " (check CPA_KAFKA_USERNAME and CPA_KAFKA_PASSWORD, or CPA_KAFKA_JAAS)");
            }
            if (t instanceof SslAuthenticationException) {
                return Optional.of("TLS handshake with Kafka at " + bootstrap + " failed: " + messages(t)
                        + " (check CPA_KAFKA_TRUSTSTORE: it must hold the broker's certificate or its CA, and the certificate must name the host)");
            }
            if (t instanceof AuthenticationException) {
                return Optional.of("Kafka authentication failed at " + bootstrap + " (" + KafkaClientSecurity.describe(connection) + "): " + t.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String messages(Throwable error) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() == null || b.indexOf(t.getMessage()) >= 0) continue;
            if (b.length() > 0) b.append(": ");
            b.append(t.getMessage());
        }
        return b.toString();
    }
}
