package io.cpa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.event.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The middle of the pipeline, for the stage breakdown: per certainty on cpa.certainties, the time from the answer's
 * ingest ({@code answeredAt}, stamped by the answer-service) to the certainty record's timestamp (stamped by the
 * certainty-service's producer). Both clocks are this machine's. Also counts the outcomes, certainties and skips on
 * cpa.skips, of each run: with sampling an answer's end is its skip.
 */
final class CertaintyTail implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, List<Double>> bySourcePrefix = new ConcurrentHashMap<>();
    private final Map<String, Outcomes> outcomes = new ConcurrentHashMap<>();

    /** Certainties and skipped answers read for the series of one run, and when the last one was read. */
    static final class Outcomes {
        private long count;
        private long lastNanos;

        synchronized void seen(int answers, long nanos) {
            count += answers;
            lastNanos = nanos;
        }

        synchronized long count() {
            return count;
        }

        synchronized long lastNanos() {
            return lastNanos;
        }
    }

    /** The outcomes (certainty or skip records) read so far for the series of one run. */
    Outcomes outcomes(String prefix) {
        return outcomes.computeIfAbsent(prefix, k -> new Outcomes());
    }
    private final Thread thread;
    private volatile boolean running = true;

    CertaintyTail(String bootstrap) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-certainties-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.CERTAINTIES, Topics.SKIPS));
        thread = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        try {
                            JsonNode v = JSON.readTree(r.value());
                            String source = v.path("source").asText("");
                            int dash = source.lastIndexOf('-');
                            String prefix = dash < 0 ? source : source.substring(0, dash);
                            // a skip may stand for many answers
                            int answers = v.path("answerIds").isArray() ? v.path("answerIds").size() : 1;
                            outcomes.computeIfAbsent(prefix, k -> new Outcomes()).seen(answers, System.nanoTime());
                            if (r.topic().equals(Topics.SKIPS)) continue;
                            double ms = r.timestamp() - Instant.parse(v.path("answeredAt").asText()).toEpochMilli();
                            List<Double> list = bySourcePrefix.computeIfAbsent(prefix, k -> new ArrayList<>());
                            synchronized (list) {
                                list.add(ms);
                            }
                        } catch (RuntimeException | java.io.IOException unreadable) {
                            // not a certainty of this harness
                        }
                    }
                }
            }
        }, "certainty-tail");
        thread.setDaemon(true);
        thread.start();
    }

    /** Sorted ms from answer ingest to certainty record, for the series of one run. */
    double[] sortedMs(String prefix) {
        List<Double> list = bySourcePrefix.getOrDefault(prefix, List.of());
        double[] out;
        synchronized (list) {
            out = list.stream().mapToDouble(Double::doubleValue).toArray();
        }
        java.util.Arrays.sort(out);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5000);
    }
}
