package io.cpa.analysis.topology;

import io.cpa.event.Topics;
import io.cpa.kafkaaccess.KafkaConnection;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.arc.Unremovable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes records the topology cannot use to {@code cpa.certainties.dlq} (or {@code cpa.skips.dlq} for skips,
 * {@code cpa.labels.dlq} for labels): the original bytes, with the reason and the
 * source topic, partition and offset in headers (the same header names SmallRye uses in the other services).
 * Kafka Streams has no DLQ of its own, so this producer is outside the Streams transaction: after a crash a bad
 * record may be dead-lettered twice; a consumer of the DLQ deduplicates on (topic, partition, offset).
 * Never throws: an exception here would kill the Streams client.
 */
@ApplicationScoped
@Unremovable
public class DeadLetters {
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private final KafkaProducer<byte[], byte[]> producer;

    DeadLetters(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        producer = new KafkaProducer<>(KafkaConnection.with(KafkaConnection.of(kafka), Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024,
                ProducerConfig.CLIENT_ID_CONFIG, "analysis-dead-letters")), new ByteArraySerializer(), new ByteArraySerializer());
    }

    public void send(String sourceTopic, int partition, long offset, byte[] key, byte[] value, String reason) {
        try {
            // skips and labels have dead-letter topics of their own; everything else (cpa.certainties, the topology's
            // internal topics) is a certainty
            String dlq = Topics.SKIPS.equals(sourceTopic) || Topics.LABELS.equals(sourceTopic) ? Topics.dlq(sourceTopic)
                    : Topics.dlq(Topics.CERTAINTIES);
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(dlq, key, value);
            record.headers().add(new RecordHeader("dead-letter-reason", bytes(reason)));
            record.headers().add(new RecordHeader("dead-letter-topic", bytes(sourceTopic)));
            record.headers().add(new RecordHeader("dead-letter-partition", bytes(String.valueOf(partition))));
            record.headers().add(new RecordHeader("dead-letter-offset", bytes(String.valueOf(offset))));
            producer.send(record, (meta, error) -> {
                if (error != null) LOG.errorf("could not dead-letter %s-%d@%d (%s): %s", sourceTopic, partition, offset, reason, error);
            });
            LOG.warnf("dead-lettered %s-%d@%d: %s", sourceTopic, partition, offset, reason);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not dead-letter %s-%d@%d: %s", sourceTopic, partition, offset, reason);
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        producer.close();
    }
}
