package io.cpa.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cpa.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every snapshot on cpa.alignment as a reader sees it (read_committed, like the analysis-service's own feed): per
 * series source, when it was observed and its {@code received}.
 */
final class SnapshotTail implements AutoCloseable {
    /** One observed snapshot. */
    record Seen(long nanos, long received) {}

    private static final JsonFactory JSON = new JsonFactory();
    private final Map<String, List<Seen>> bySource = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    SnapshotTail(String bootstrap) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-snapshots-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.ALIGNMENT));
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(50));
                    long now = System.nanoTime();
                    for (ConsumerRecord<String, String> r : records) {
                        String[] key = r.key() == null ? new String[0] : r.key().split("\\|");
                        if (key.length != 3) continue;
                        long received = received(r.value());
                        List<Seen> list = bySource.computeIfAbsent(key[1], k -> new ArrayList<>());
                        synchronized (list) {
                            list.add(new Seen(now, received));
                        }
                    }
                }
            } catch (RuntimeException e) {
                if (running) failure = e;
            }
        }, "snapshot-tail");
        thread.setDaemon(true);
        thread.start();
    }

    /** The top-level {@code received} of a snapshot, read without building the whole tree. */
    static long received(String json) {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return -1;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("received")) return p.getLongValue();
                p.skipChildren();
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** What was seen of a series so far, in observed order. */
    List<Seen> seen(String source) {
        if (failure != null) throw failure;
        List<Seen> list = bySource.get(source);
        if (list == null) return List.of();
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    long latestReceived(String source) {
        List<Seen> s = seen(source);
        long max = 0;
        for (Seen x : s) max = Math.max(max, x.received());
        return max;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
