package io.cpa.kafka;

import io.cpa.event.Topics;

import java.nio.file.Path;

/**
 * The embedded broker as a process, for the demo: {@code KafkaBrokerMain [--port=9092] [--data=DIR] [--partitions=3]}.
 * Data survives restarts (the directory is formatted only once); the product's topics are created at start.
 */
public final class KafkaBrokerMain {
    private KafkaBrokerMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = 9092;
        Path data = Path.of(".cpa-run", "kafka-data");
        int partitions = 3;
        for (String arg : args) {
            if (arg.startsWith("--port=")) port = Integer.parseInt(arg.substring(7));
            else if (arg.startsWith("--data=")) data = Path.of(arg.substring(7));
            else if (arg.startsWith("--partitions=")) partitions = Integer.parseInt(arg.substring(13));
            else throw new IllegalArgumentException("unknown argument " + arg + " (known: --port= --data= --partitions=)");
        }
        long start = System.nanoTime();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(data.toAbsolutePath(), port);
        broker.createTopics(Topics.ALL, partitions);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-shutdown"));
        System.out.printf("embedded Kafka ready on %s (data %s) in %d ms%n", broker.bootstrapServers(),
                broker.logDir(), (System.nanoTime() - start) / 1_000_000);
        Thread.currentThread().join();
    }
}
