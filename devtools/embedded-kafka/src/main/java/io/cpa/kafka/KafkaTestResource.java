package io.cpa.kafka;

import io.cpa.event.Topics;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One real broker for all Quarkus tests of a module (declare with {@code scope = TestResourceScope.GLOBAL}).
 * Set {@code -Dcpa.test.kafka.bootstrap=host:port} to use an external broker instead.
 * The product's topics exist before the application starts, because Kafka Streams waits for its source topics.
 */
public class KafkaTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String EXTERNAL = "cpa.test.kafka.bootstrap";

    private static EmbeddedKafkaBroker broker;

    /** The broker's address, for tests that produce or consume directly. */
    public static synchronized String bootstrapServers() {
        String external = System.getProperty(EXTERNAL);
        if (external != null && !external.isBlank()) return external;
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "cpa-kafka-");
                broker = EmbeddedKafkaBroker.start(dir, 0);
                Runtime.getRuntime().addShutdownHook(new Thread(KafkaTestResource::stopBroker, "kafka-test-shutdown"));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return broker.bootstrapServers();
    }

    private static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    @Override
    public Map<String, String> start() {
        String bootstrap = bootstrapServers();
        EmbeddedKafkaBroker.createTopics(bootstrap, Topics.ALL, 3);
        return Map.of("kafka.bootstrap.servers", bootstrap);
    }

    @Override
    public void stop() {
        // the broker outlives one application start: several test profiles in a module restart the app, not Kafka
    }
}
