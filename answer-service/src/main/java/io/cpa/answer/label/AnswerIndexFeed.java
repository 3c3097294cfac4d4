package io.cpa.answer.label;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cpa.event.AnswerHeaders;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafkaaccess.KafkaConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Feeds the {@link KnownAnswers} from the topics, so that an instance knows the answers every instance published and
 * the labels every instance accepted: each instance reads every partition of {@code cpa.answers} and
 * {@code cpa.labels} itself (assigned, no consumer group, nothing committed), from the horizon at start-up
 * ({@code offsetsForTimes}) but never more than {@code maxAnswers} records before a partition's end, since no more
 * could be kept; answers up to their end first, then labels, so that a label read finds its answer. Of an answer
 * only its id, time, option labels and tenant are read: from its key and {@link AnswerHeaders} when it has them, so
 * the value is not even decoded; else (a record of an earlier version or another producer) from its JSON, the
 * logprobs skipped, not parsed. A record that cannot be read is skipped and counted: dead letters are the
 * analysis-service's business. The index counts as loaded once both topics are read to the end offsets seen at start.
 */
public final class AnswerIndexFeed implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AnswerIndexFeed.class);
    /** How long the broker may hold a fetch back to gather {@link #FOLLOW_MIN_BYTES}. */
    static final Duration FOLLOW_LAG = Duration.ofMillis(500);
    static final int FOLLOW_MIN_BYTES = 64 * 1024;
    
    private final Map<String, Object> connection;
    private final KnownAnswers index;
    private final Duration horizon;
    private final int maxAnswers;
    private final Clock clock;
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong readFromValue = new AtomicLong();
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;
    private final Thread thread;

    /** @param connection where the broker is and how to authenticate ({@link io.cpa.kafkaaccess.KafkaConnection}) */
    public AnswerIndexFeed(Map<String, Object> connection, KnownAnswers index, Duration horizon, int maxAnswers, Clock clock) {
        this.connection = Map.copyOf(connection);
        this.index = index;
        this.horizon = horizon;
        this.maxAnswers = maxAnswers;
        this.clock = clock;
        this.thread = new Thread(this::run, "cpa-answer-index-feed");
        this.thread.setDaemon(true);
    }

    public AnswerIndexFeed start() {
        thread.start();
        return this;
    }

    /** Records read so far, and those skipped as unreadable. */
    public long read() {
        return read.get();
    }

    public long unreadable() {
        return unreadable.get();
    }

    /** Answers read from their JSON value, for want of the headers. */
    public long readFromValue() {
        return readFromValue.get();
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) c.wakeup(); // interrupting a consumer makes it log errors while it closes
        else thread.interrupt();
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaConnection.with(connection, Map.of(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                    // at the tail a fetch per handful of records cost this thread more than the records; other
                    // instances' answers arrive up to FOLLOW_LAG later, well within a label's grace
                    ConsumerConfig.FETCH_MIN_BYTES_CONFIG, FOLLOW_MIN_BYTES,
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) FOLLOW_LAG.toMillis(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.CLIENT_ID_CONFIG, "cpa-answer-index-feed")), new StringDeserializer(), new ValueWithoutHeaders())) {
                this.consumer = consumer;
                if (!running) return;
                // answers first, to their end at start-up, then labels: a label is remembered only beside its answer
                List<TopicPartition> answers = partitions(consumer, Topics.ANSWERS);
                List<TopicPartition> labels = partitions(consumer, Topics.LABELS);
                consumer.assign(answers);
                Map<TopicPartition, Long> end = seekToHorizon(consumer, answers);
                boolean labelsRead = false;
                while (running) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) learn(r);
                    if (!labelsRead && reached(consumer, end)) {
                        labelsRead = true;
                        List<TopicPartition> all = new ArrayList<>(answers);
                        all.addAll(labels);
                        consumer.assign(all);
                        end = seekToHorizon(consumer, labels);
                    } else if (labelsRead && !index.loaded() && reached(consumer, end)) {
                        index.markLoaded();
                        LOG.infof("answer index loaded: %d answers known", index.size());
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) return;
                LOG.warnf("answer index feed restarts after: %s", e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, String> consumer, String topic) {
        List<TopicPartition> out = new ArrayList<>();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
        if (infos != null) for (PartitionInfo p : infos) out.add(new TopicPartition(topic, p.partition()));
        return out;
    }

    /**
     * Seeks each partition to its first record within the horizon, but no further back than {@code maxAnswers}
     * records before its end; returns the end offsets, up to which the index counts as loading.
     */
    private Map<TopicPartition, Long> seekToHorizon(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = clock.millis() - horizon.toMillis();
        for (TopicPartition tp : partitions) since.put(tp, from);
        Map<TopicPartition, OffsetAndTimestamp> byTime = consumer.offsetsForTimes(since);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp t = byTime.get(tp);
            long start = t == null ? end.get(tp) : t.offset();
            consumer.seek(tp, Math.max(begin.get(tp), Math.max(start, end.get(tp) - maxAnswers)));
        }
        return end;
    }

    private static boolean reached(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    /** @param r a record whose value is null when it carries {@link AnswerHeaders} ({@link ValueWithoutHeaders}) */
    void learn(ConsumerRecord<String, String> r) {
        read.incrementAndGet();
        try {
            if (r.topic().equals(Topics.LABELS)) {
                index.noteLabel(EventJson.readLabel(r.value()));
            } else {
                AnswerSketch a = AnswerSketch.fromHeaders(r.key(), r.headers());
                if (a == null) {
                    readFromValue.incrementAndGet();
                    a = AnswerSketch.read(r.value());
                }
                if (a == null) unreadable.incrementAndGet();
                else index.note(a.answerId(), a.createdAt(), a.options(), a.tenant());
            }
        } catch (RuntimeException e) {
            unreadable.incrementAndGet();
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * The value as a string, but null for a record that carries {@link AnswerHeaders}: its value is then not even
     * copied out of the fetched bytes.
     */
    static final class ValueWithoutHeaders implements Deserializer<String> {
        @Override
        public String deserialize(String topic, byte[] data) {
            return utf8(data);
        }

        @Override
        public String deserialize(String topic, Headers headers, ByteBuffer data) {
            if (data == null || AnswerSketch.carriesHeaders(headers)) return null;
            return StandardCharsets.UTF_8.decode(data).toString();
        }
    }

    /** The four fields of an answer record the index needs. */
    record AnswerSketch(String answerId, Instant createdAt, List<String> options, String tenant) {
        /**
         * From the record's key and {@link AnswerHeaders}; null when it has no {@link AnswerHeaders#CREATED_AT}
         * (then it carries none of them) or no key.
         *
         * @throws RuntimeException when a header is malformed
         */
        static AnswerSketch fromHeaders(String key, Headers headers) {
            if (!carriesHeaders(headers) || key == null) return null;
            Header created = headers.lastHeader(AnswerHeaders.CREATED_AT);
            Header options = headers.lastHeader(AnswerHeaders.OPTIONS);
            Header tenant = headers.lastHeader(AnswerHeaders.TENANT);
            return new AnswerSketch(key, AnswerHeaders.createdAt(utf8(created.value())),
                    options == null ? List.of() : AnswerHeaders.options(utf8(options.value())),
                    tenant == null ? null : utf8(tenant.value()));
        }

        static boolean carriesHeaders(Headers headers) {
            return headers.lastHeader(AnswerHeaders.CREATED_AT) != null;
        }

        /** From the JSON value, in one streaming pass; null when it lacks them. */
        static AnswerSketch read(String json) {
            if (json == null) return null;
            String id = null;
            Instant created = null;
            List<String> options = List.of();
            String tenant = null;
            try (JsonParser p = EventJson.mapper().getFactory().createParser(json)) {
                if (p.nextToken() != JsonToken.START_OBJECT) return null;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (name.equals("answerId") && t == JsonToken.VALUE_STRING) {
                        id = p.getText();
                    } else if (name.equals("createdAt") && t == JsonToken.VALUE_STRING) {
                        created = Instant.parse(p.getText());
                    } else if (name.equals("tenant") && t == JsonToken.VALUE_STRING) {
                        tenant = p.getText();
                    } else if (name.equals("options") && t == JsonToken.START_ARRAY) {
                        options = labels(p);
                    } else {
                        p.skipChildren();
                    }
                }
            } catch (IOException | RuntimeException e) {
                return null;
            }
            return id == null || created == null ? null : new AnswerSketch(id, created, options, tenant);
        }

        /** The {@code label} of each {@code {label, text}} of the options array the parser stands at. */
        private static List<String> labels(JsonParser p) throws IOException {
            List<String> out = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    if (name.equals("label") && t == JsonToken.VALUE_STRING) out.add(p.getText());
                    else p.skipChildren();
                }
            }
            return out;
        }
    }
}
