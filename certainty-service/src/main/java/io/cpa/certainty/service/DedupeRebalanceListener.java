package io.cpa.certainty.service;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;

/** Makes the deduplication catch up after every assignment, before the newly assigned answers are processed. */
@ApplicationScoped
@Identifier("certainty-dedupe-rebalance")
public class DedupeRebalanceListener implements KafkaConsumerRebalanceListener {
    private final SeenAnswers seen;

    DedupeRebalanceListener(SeenAnswers seen) {
        this.seen = seen;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) seen.partitionsAssigned();
    }
}
