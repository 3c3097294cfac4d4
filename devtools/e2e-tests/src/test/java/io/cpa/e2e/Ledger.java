package io.cpa.e2e;

import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.SkipEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.TopicClient;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the topics an answer can end in hold right now, read to their end with read_committed consumers: the
 * answers, the certainties, the skips and both dead-letter topics. Every fault test settles its books with it.
 */
record Ledger(List<ConsumerRecord<String, String>> answers, List<ConsumerRecord<String, String>> certainties,
              List<ConsumerRecord<String, String>> answerDeadLetters, List<ConsumerRecord<String, String>> certaintyDeadLetters,
              List<ConsumerRecord<String, String>> skips) {

    static Ledger read(String bootstrap) {
        return new Ledger(readAll(bootstrap, Topics.ANSWERS), readAll(bootstrap, Topics.CERTAINTIES),
                readAll(bootstrap, Topics.dlq(Topics.ANSWERS)), readAll(bootstrap, Topics.dlq(Topics.CERTAINTIES)),
                readAll(bootstrap, Topics.SKIPS));
    }

    /** The skips of one source. */
    List<SkipEvent> skipsOf(String source) {
        List<SkipEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : skips) {
            try {
                SkipEvent s = EventJson.readSkip(r.value());
                if (source.equals(s.source())) out.add(s);
            } catch (RuntimeException unreadable) {
                // not a skip this pipeline wrote
            }
        }
        return out;
    }

    /** Every record of the topic up to its last stable offset. */
    static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp, Duration.ofSeconds(30)) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("could not read " + topic + " to its end " + end);
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) out.add(r);
            }
        }
        return out;
    }

    /** The answers of one source, in topic order (duplicates, if any, kept). */
    List<AnswerEvent> answersOf(String source) {
        List<AnswerEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : answers) {
            AnswerEvent a = tryAnswer(r.value());
            if (a != null && a.source().equals(source)) out.add(a);
        }
        return out;
    }

    /** The certainties of one source, leaving out records the test itself injected (offset * 1000 + partition). */
    List<CertaintyEvent> certaintiesOf(String source, Set<Long> injectedOffsets) {
        List<CertaintyEvent> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : certainties) {
            if (injectedOffsets.contains(r.offset() * 1000 + r.partition())) continue;
            CertaintyEvent c = tryCertainty(r.value());
            if (c != null && source.equals(c.source())) out.add(c);
        }
        return out;
    }

    /** Answer id to dead-letter reason, for the dead letters of answers of one source. */
    Map<String, List<String>> answerDeadLettersOf(String source) {
        Map<String, List<String>> out = new HashMap<>();
        for (ConsumerRecord<String, String> r : answerDeadLetters) {
            AnswerEvent a = tryAnswer(r.value());
            if (a != null && a.source().equals(source)) {
                out.computeIfAbsent(a.answerId(), k -> new ArrayList<>()).add(TopicClient.header(r, "dead-letter-reason"));
            }
        }
        return out;
    }

    static AnswerEvent tryAnswer(String value) {
        try {
            return EventJson.readAnswer(value);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    static CertaintyEvent tryCertainty(String value) {
        try {
            return EventJson.readCertainty(value);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
