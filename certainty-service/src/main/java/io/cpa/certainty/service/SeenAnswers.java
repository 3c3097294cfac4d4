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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The deduplication of answers by id. Outcomes are learnt two ways: directly when this instance writes a certainty,
 * a skip or a dead letter, and by tailing {@code cpa.certainties}, {@code cpa.skips} and {@code cpa.answers.dlq} from
 * {@code lookbackPerPartition} records before their end, which covers what earlier runs and other instances wrote.
 * <p>
 * Guarantee: an answer whose certainty (or dead letter) was acknowledged by the broker before the consumer received
 * the redelivery, and which is among the last {@code lookbackPerPartition} records of its partition and the last
 * {@code maxEntries} answers seen, produces no second certainty. Processing waits for the tail to catch up to the end
 * offsets taken at start and at every partition assignment, so a restart or a rebalance is covered. Limit: a record
 * older than both bounds is elicited again.
 */
@ApplicationScoped
public class SeenAnswers {
    private static final Logger LOG = Logger.getLogger(SeenAnswers.class);

    private record CatchUp(CompletableFuture<Void> done, Map<TopicPartition, Long> target) {}

    private final AnswerOutcomes outcomes;
    private final Map<String, Object> connection;
    private final int lookback;
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> requests = new ConcurrentLinkedQueue<>();
    private volatile CompletableFuture<Void> ready;
    private volatile boolean running = true;
    private Thread tailer;

    SeenAnswers(ElicitationConfig config, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.outcomes = new AnswerOutcomes(config.dedupe().maxEntries());
        this.connection = KafkaConnection.of(kafka);
        this.lookback = config.dedupe().lookbackPerPartition();
        this.ready = requestCatchUp();
    }

    void start(@Observes StartupEvent event) {
        tailer = new Thread(this::tail, "certainty-dedupe-tail");
        tailer.setDaemon(true);
        tailer.start();
    }

    void stop(@Observes ShutdownEvent event) {
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
        while (running) {
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(KafkaConnection.with(connection, Map.of(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                    ConsumerConfig.CLIENT_ID_CONFIG, "certainty-dedupe-tail")), new StringDeserializer(), new StringDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (String topic : List.of(Topics.CERTAINTIES, Topics.SKIPS, Topics.dlq(Topics.ANSWERS))) {
                    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                    if (infos != null) for (PartitionInfo p : infos) partitions.add(new TopicPartition(topic, p.partition()));
                }
                consumer.assign(partitions);
                Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
                Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                for (TopicPartition tp : partitions) consumer.seek(tp, Math.max(begin.get(tp), end.get(tp) - lookback));
                List<CatchUp> pending = new ArrayList<>();
                while (running) {
                    CompletableFuture<Void> request;
                    Map<TopicPartition, Long> now = null;
                    while ((request = requests.poll()) != null) {
                        if (now == null) now = consumer.endOffsets(partitions);
                        pending.add(new CatchUp(request, now));
                    }
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) learn(r);
                    for (Iterator<CatchUp> it = pending.iterator(); it.hasNext(); ) {
                        CatchUp c = it.next();
                        if (caughtUp(consumer, c.target())) {
                            c.done().complete(null);
                            it.remove();
                        }
                    }
                }
            } catch (org.apache.kafka.common.errors.InterruptException e) {
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

    private static boolean caughtUp(KafkaConsumer<String, String> consumer, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> e : target.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) return false;
        }
        return true;
    }

    private void learn(ConsumerRecord<String, String> r) {
        if (r.topic().equals(Topics.CERTAINTIES) || r.topic().equals(Topics.SKIPS)) {
            // every certainty and skip written passes here, most of them this instance's own: two fields are read, the rest
            // of the record (the raw reply, the statistics inputs) is skipped rather than built into a tree
            String answerId = null;
            String variant = null;
            try (JsonParser p = EventJson.mapper().getFactory().createParser(r.value())) {
                if (p.nextToken() == JsonToken.START_OBJECT) {
                    while (p.nextToken() == JsonToken.FIELD_NAME && (answerId == null || variant == null)) {
                        String name = p.currentName();
                        JsonToken t = p.nextToken();
                        if (name.equals("answerId") && t == JsonToken.VALUE_STRING) answerId = p.getText();
                        else if (name.equals("variant") && t == JsonToken.VALUE_STRING) variant = p.getText();
                        else p.skipChildren();
                    }
                }
            } catch (Exception unreadable) {
                // not ours to judge: the analysis-service dead-letters unreadable certainties
                return;
            }
            if (answerId != null && variant != null) outcomes.variantDone(answerId, variant);
        } else if (r.key() != null) {
            outcomes.deadLettered(r.key());
        }
    }

    /** Variants already done for the answer. */
    public Set<String> variantsDone(String answerId) {
        return outcomes.variantsDone(answerId);
    }
}
