package io.cpa.certainty.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.kafkaaccess.KafkaConnection;
import io.smallrye.common.annotation.Identifier;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The deduplication of answers by id. Outcomes are learnt two ways: directly when this instance writes a certainty,
 * a skip or a dead letter (the broker's acknowledgement, in {@link AnswerConsumer}), and by catch-ups that read what
 * earlier runs and other instances wrote to {@code cpa.certainties}, {@code cpa.skips} and {@code cpa.answers.dlq}.
 * A catch-up is requested at start and at every partition assignment of the answers; it takes the end offsets of
 * every partition of those topics, reads each from where the last catch-up stopped, but at most
 * {@code lookbackPerPartition} records before that end, up to that end, and completes {@link #ready()}, which
 * processing waits for. It then keeps reading for {@code followAfterCatchUp} (see below), and after that reads
 * nothing until the next catch-up: most of what it would read is this instance's own writes, already learnt, and
 * reading them cost a fetch and a parse per certainty.
 * <p>
 * Guarantee: an answer redelivered after a restart or a rebalance produces no second certainty when its certainty, skip
 * or dead letter was acknowledged by the broker before the end offsets of the catch-up that the redelivery waited for
 * were taken (by an earlier run, another instance or this one), is among the last {@code lookbackPerPartition} records
 * of its partition at that catch-up, and its answer is among the last {@code maxEntries} answers seen. Not covered: a
 * record older than those bounds is elicited again; and an outcome another instance writes after that catch-up for an
 * answer this instance also holds is learnt only while the tail follows (below) or at the next catch-up. While one
 * consumer owns a partition at a time that cannot happen, except in a rebalance race: the previous owner still has the
 * answer in flight when the partition moves and writes its certainty after the new owner's catch-up. An answer the new
 * owner starts before that certainty is read is elicited by both (no design without a hand-over between owners avoids
 * that); one it starts later, for instance queued behind the concurrency limit under load, is recognised if the
 * certainty was read meanwhile. A tail reading continuously covered the second case at any time; this one covers it
 * while it follows after a catch-up, which is why it follows: for {@code followAfterCatchUp}, the time within which the
 * previous owner's calls in flight are expected to end. An answer that the previous owner finishes later than that, and
 * the new owner starts later still, gets a second certainty.
 */
@ApplicationScoped
public class SeenAnswers {
    private static final Logger LOG = Logger.getLogger(SeenAnswers.class);
    private static final List<String> OUTCOME_TOPICS = List.of(Topics.CERTAINTIES, Topics.SKIPS, Topics.dlq(Topics.ANSWERS));

    private final AnswerOutcomes outcomes;
    private final Map<String, Object> connection;
    private final int lookback;
    private final Duration follow;
    /** Catch-ups requested and not taken yet: at most one per start and assignment not yet served. */
    private final LinkedBlockingQueue<CompletableFuture<Void>> requests = new LinkedBlockingQueue<>();
    private volatile CompletableFuture<Void> ready;
    private volatile boolean running = true;
    private Thread tailer;

    @Inject
    SeenAnswers(ElicitationConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this(new AnswerOutcomes(config.dedupe().maxEntries()), KafkaConnection.of(kafka), config.dedupe().lookbackPerPartition(),
                config.dedupe().followAfterCatchUp());
    }

    SeenAnswers(AnswerOutcomes outcomes, Map<String, Object> connection, int lookbackPerPartition, Duration followAfterCatchUp) {
        this.outcomes = outcomes;
        this.connection = connection;
        this.lookback = lookbackPerPartition;
        this.follow = followAfterCatchUp;
        this.ready = requestCatchUp();
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    void start() {
        tailer = new Thread(this::tail, "certainty-dedupe-tail");
        tailer.setDaemon(true);
        tailer.start();
    }

    void stop() {
        running = false;
        if (tailer != null) tailer.interrupt();
    }

    /** Completes when what the topics held at the last start or assignment has been read. */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** After a partition assignment: answers may be redelivered whose outcome another instance just wrote. */
    public void partitionsAssigned() {
        ready = requestCatchUp();
    }

    private CompletableFuture<Void> requestCatchUp() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        requests.add(f);
        return f;
    }

    public AnswerOutcomes outcomes() {
        return outcomes;
    }

    private void tail() {
        // taken from the queue but not served yet; kept across a restart of the consumer, or ready() would never complete
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        while (running) {
            // no group: an assign()-ed consumer has no membership to lose, so not polling between catch-ups is safe
            // (max.poll.interval.ms applies to group members only); idle connections are closed and reopened by the client
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaConnection.with(connection, Map.of(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    // a start offset deleted by retention while idle: read what is left rather than jump to the end
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                    ConsumerConfig.CLIENT_ID_CONFIG, "certainty-dedupe-tail")), new StringDeserializer(), new StringDeserializer())) {
                try {
                    serve(consumer, pending);
                } catch (org.apache.kafka.common.errors.InterruptException stopped) {
                    Thread.interrupted(); // the consumer's close would fail on the interrupt still set, and log an error
                    return;
                }
            } catch (InterruptedException stopped) {
                return;
            } catch (RuntimeException e) {
                if (!running) return;
                LOG.warnf("dedupe tail of %s restarts after: %s", Topics.CERTAINTIES, e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Serves catch-up requests, following for a while after each, and waits without reading between them. */
    private void serve(KafkaConsumer<String, String> consumer, List<CompletableFuture<Void>> pending)
            throws InterruptedException {
        // the partitions this consumer has a position for, set by a catch-up
        Set<TopicPartition> positioned = new HashSet<>();
        long followUntil = System.nanoTime();
        while (running) {
            if (pending.isEmpty()) {
                boolean following = System.nanoTime() - followUntil < 0;
                CompletableFuture<Void> next = following ? requests.poll() : requests.take();
                if (next == null) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) learn(r);
                    continue;
                }
                pending.add(next);
            }
            // requests made until now are served by this catch-up: its end offsets are taken after them
            requests.drainTo(pending);
            catchUp(consumer, positioned);
            pending.forEach(f -> f.complete(null));
            pending.clear();
            followUntil = System.nanoTime() + follow.toNanos();
        }
    }

    /** Reads every outcome partition from where it was left, but at most the look-back, to its end as of now. */
    private void catchUp(KafkaConsumer<String, String> consumer, Set<TopicPartition> positioned) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : OUTCOME_TOPICS) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos != null) for (PartitionInfo p : infos) partitions.add(new TopicPartition(topic, p.partition()));
        }
        if (!consumer.assignment().equals(new HashSet<>(partitions))) {
            consumer.assign(partitions);
            positioned.retainAll(partitions);
        }
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (TopicPartition tp : partitions) {
            long position = positioned.contains(tp) ? consumer.position(tp) : -1;
            long from = readFrom(position, begin.get(tp), end.get(tp), lookback);
            if (from != position) consumer.seek(tp, from);
            positioned.add(tp);
        }
        while (!caughtUp(consumer, end)) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) learn(r);
        }
    }

    /**
     * Where a catch-up reads a partition from: where the last one stopped ({@code position}, -1 for none), but never
     * more than {@code lookback} records before the end nor before the log's start, so a long idle time does not mean
     * reading a long history.
     */
    static long readFrom(long position, long begin, long end, int lookback) {
        return Math.max(position, Math.max(begin, end - lookback));
    }

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private void learn(ConsumerRecord<String, String> r) {
        if (r.topic().equals(Topics.CERTAINTIES) || r.topic().equals(Topics.SKIPS)) {
            // every certainty and skip written passes here, most of them this instance's own: the answer ids and the
            // variant are read, the rest of the record (the raw reply, the statistics inputs) is skipped rather than built
            // into a tree; a skip may stand for many answers (answerIds, after the other fields)
            boolean skip = r.topic().equals(Topics.SKIPS);
            String answerId = null;
            String variant = null;
            List<String> answerIds = null;
            try (JsonParser p = EventJson.mapper().getFactory().createParser(r.value())) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME && (skip || answerId == null || variant == null)) {
                        String name = p.currentName();
                        JsonToken t = p.nextToken();
                        if (name.equals("answerId") && t == JsonToken.VALUE_STRING) answerId = p.getText();
                        else if (name.equals("variant") && t == JsonToken.VALUE_STRING) variant = p.getText();
                        else if (skip && name.equals("answerIds") && t == JsonToken.START_ARRAY) answerIds = strings(p);
                        else p.skipChildren();
                    }
                }
            } catch (Exception unreadable) {
                // not ours to judge: the analysis-service dead-letters unreadable certainties
                return;
            }
            if (variant == null) return;
            if (answerIds != null) {
                for (String id : answerIds) outcomes.variantDone(id, variant);
            } else if (answerId != null) {
                outcomes.variantDone(answerId, variant);
            }
        } else if (r.key() != null) {
            outcomes.deadLettered(r.key());
        }
    }

    /** The strings of the array the parser is at the start of; other values in it are passed over. */
    private static List<String> strings(JsonParser p) throws java.io.IOException {
        List<String> out = new java.util.ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
            if (t == JsonToken.VALUE_STRING) out.add(p.getText());
            else p.skipChildren();
        }
        return out;
    }

    /** Variants already done for the answer. */
    public Set<String> variantsDone(String answerId) {
        return outcomes.variantsDone(answerId);
    }
}
