package io.cpa.analysis.report;

import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.InvalidEventException;
import io.cpa.event.Topics;
import io.cpa.kafkaaccess.KafkaConnection;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Reads the certainties of one study from {@code cpa.certainties}: every partition from the beginning up to the end
 * offsets taken when the read starts (read_committed, so the end is the last stable offset and an aborted write is
 * never seen), keeping the events whose runId is the study's. A plain consumer with its own random group and manual
 * assignment: it commits nothing and disturbs no other consumer. Unreadable records are skipped (the stream topology
 * dead-letters them).
 */
@ApplicationScoped
public class CertaintyLog {
    private static final Logger LOG = Logger.getLogger(CertaintyLog.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Map<String, Object> connection;
    private final Duration timeout;

    CertaintyLog(@Identifier("default-kafka-broker") Map<String, Object> kafka,
                 @ConfigProperty(name = "cpa.report.read-timeout", defaultValue = "60s") Duration timeout) {
        this.connection = KafkaConnection.of(kafka);
        this.timeout = timeout;
    }

    public List<CertaintyEvent> read(String runId) {
        Properties p = new Properties();
        p.putAll(connection);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "cpa-report-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        List<CertaintyEvent> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : consumer.partitionsFor(Topics.CERTAINTIES, timeout)) {
                partitions.add(new TopicPartition(info.topic(), info.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("reading " + Topics.CERTAINTIES + " took longer than " + timeout);
                for (ConsumerRecord<String, String> r : consumer.poll(POLL)) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) continue;
                    CertaintyEvent e;
                    try {
                        e = EventJson.readCertainty(r.value());
                    } catch (InvalidEventException ex) {
                        LOG.debugf("skipping unreadable certainty at %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), ex.getMessage());
                        continue;
                    }
                    if (runId.equals(e.runId())) out.add(e);
                }
            }
        }
        return out;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }
}
