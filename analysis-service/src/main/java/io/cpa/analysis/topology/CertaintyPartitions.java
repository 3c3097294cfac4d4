package io.cpa.analysis.topology;

import io.cpa.event.Topics;
import io.cpa.kafkaaccess.KafkaConnection;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Where a series lives: the partition of cpa.certainties that the producer's default partitioner gives its key
 * (murmur2 of the key's UTF-8 bytes, modulo the topic's partition count). A certainty read from that partition and
 * keyed by its series is processed where it arrives, without a trip through the by-series topic; labels, and
 * certainties keyed or placed otherwise, are sent through by-series to that same partition, which is the same task
 * (by-series has at least as many partitions as cpa.certainties, since Kafka Streams gives it the larger count of
 * cpa.certainties and cpa.labels).
 * <p>
 * The partition count is read once, on first use, and kept: Kafka moves every key when a topic's partitions are
 * increased, so a change of it needs the same care here as for any keyed topic (a reset of the application).
 */
@ApplicationScoped
public class CertaintyPartitions {
    private static final Logger LOG = Logger.getLogger(CertaintyPartitions.class);

    private final IntSupplier lookup;
    private volatile int count;

    @Inject
    CertaintyPartitions(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this(() -> describe(KafkaConnection.of(kafka)));
    }

    /** With a fixed count (topology tests, whose topics have one partition). */
    CertaintyPartitions(IntSupplier lookup) {
        this.lookup = lookup;
    }

    /** The partition count of cpa.certainties, read from the broker the first time. */
    public int count() {
        int c = count;
        if (c > 0) return c;
        synchronized (this) {
            if (count == 0) count = lookup.getAsInt();
            return count;
        }
    }

    /** The partition the default partitioner gives {@code key} among {@code partitions}. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** True when a certainty keyed {@code key} and read from {@code partition} is where its series lives. */
    boolean inPlace(String key, String seriesKey, int partition) {
        return seriesKey.equals(key) && partition == partitionOf(seriesKey, count());
    }

    /** Sends each record of by-series to the partition of cpa.certainties where its series lives. */
    <V> StreamPartitioner<String, V> bySeries() {
        return (topic, key, value, partitions) -> Optional.of(Set.of(partitionOf(key, count())));
    }

    /**
     * Waits for the topic (Kafka Streams starts only once its input topics exist, so this returns at once but in a
     * broker outage): the stream thread cannot place a record without it, and a record must not be dropped.
     */
    private static int describe(Map<String, Object> connection) {
        Map<String, Object> config = KafkaConnection.with(connection, Map.of(AdminClientConfig.CLIENT_ID_CONFIG, "analysis-partitions"));
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    int n = admin.describeTopics(List.of(Topics.CERTAINTIES)).allTopicNames().get(30, TimeUnit.SECONDS)
                            .get(Topics.CERTAINTIES).partitions().size();
                    LOG.infof("%s has %d partitions: certainties keyed by their series are analysed where they arrive", Topics.CERTAINTIES, n);
                    return n;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the partitions of " + Topics.CERTAINTIES, e);
                } catch (Exception e) {
                    LOG.warnf("cannot read the partitions of %s yet (%s); retrying", Topics.CERTAINTIES, e.toString());
                }
            }
        }
    }
}
