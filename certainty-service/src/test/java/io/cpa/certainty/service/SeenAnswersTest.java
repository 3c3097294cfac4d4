package io.cpa.certainty.service;

import io.cpa.event.Topics;
import io.cpa.kafka.EmbeddedKafkaBroker;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The dedupe tail against a broker of its own: what other instances wrote is learnt at catch-ups, and only then. */
class SeenAnswersTest {
    private static final int LOOKBACK = 3;
    private static final String VARIANT = "cqp";

    @TempDir
    static Path dir;
    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<String, String> otherInstance;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(dir, 0);
        // one partition each, so "the last LOOKBACK records of the partition" are the last LOOKBACK written
        broker.createTopics(List.of(Topics.CERTAINTIES, Topics.SKIPS, Topics.dlq(Topics.ANSWERS)), 1);
        otherInstance = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void stopBroker() {
        if (otherInstance != null) otherInstance.close();
        if (broker != null) broker.close();
    }

    @Test
    void aCatchUpLearnsTheLastLookBackRecordsOthersWroteAndTheTailReadsNothingUntilTheNext() throws Exception {
        String run = "idle-" + System.nanoTime() + "-";
        // an earlier run wrote these before the start: the oldest certainty is beyond the look-back of its partition
        for (int i = 0; i < 4; i++) certainty(run + "earlier-" + i);
        write(Topics.SKIPS, run + "skipped", outcome(run + "skipped"));
        // a skip standing for three answers, written by the real event type: every one of them is done
        write(Topics.SKIPS, "series", io.cpa.event.EventJson.write(new io.cpa.event.SkipEvent(io.cpa.event.SkipEvent.SCHEMA_VERSION,
                run + "tallied-0", "m|s|" + VARIANT, "m", "s", VARIANT, null, io.cpa.event.SkipEvent.SAMPLING, null, null)
                .standingFor(List.of(run + "tallied-0", run + "tallied-1", run + "tallied-2"), java.time.Instant.now())));
        write(Topics.dlq(Topics.ANSWERS), run + "dead", "{\"unreadable\": true}");

        SeenAnswers seen = new SeenAnswers(new AnswerOutcomes(1000), Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), LOOKBACK, Duration.ZERO);
        seen.start();
        try {
            seen.ready().get(60, TimeUnit.SECONDS);
            assertThat(seen.variantsDone(run + "earlier-0")).as("older than the look-back").isEmpty();
            for (int i = 1; i < 4; i++) assertThat(seen.variantsDone(run + "earlier-" + i)).containsExactly(VARIANT);
            assertThat(seen.variantsDone(run + "skipped")).containsExactly(VARIANT);
            for (int i = 0; i < 3; i++) assertThat(seen.variantsDone(run + "tallied-" + i)).containsExactly(VARIANT);
            assertThat(seen.outcomes().isDeadLettered(run + "dead")).isTrue();

            // another instance writes after the catch-up: one certainty, then LOOKBACK more, which push it out of the
            // look-back of the next catch-up. A tail that kept reading would have learnt it by then; an idle one never does
            certainty(run + "while-idle");
            for (int i = 0; i < LOOKBACK; i++) certainty(run + "later-" + i);
            assertThat(seen.variantsDone(run + "later-" + (LOOKBACK - 1))).as("not before the next catch-up").isEmpty();

            seen.partitionsAssigned();
            seen.ready().get(60, TimeUnit.SECONDS);
            for (int i = 0; i < LOOKBACK; i++) assertThat(seen.variantsDone(run + "later-" + i)).containsExactly(VARIANT);
            assertThat(seen.variantsDone(run + "while-idle")).as("written between catch-ups, beyond the look-back").isEmpty();

            // an outcome written before an assignment's catch-up is known once ready() completes
            certainty(run + "before-assignment");
            seen.partitionsAssigned();
            seen.ready().get(60, TimeUnit.SECONDS);
            assertThat(seen.variantsDone(run + "before-assignment")).containsExactly(VARIANT);
        } finally {
            seen.stop();
        }
    }

    @Test
    void afterACatchUpTheTailFollowsForAWhileSoAPreviousOwnersLateCertaintyIsLearnt() throws Exception {
        String run = "follow-" + System.nanoTime() + "-";
        SeenAnswers seen = new SeenAnswers(new AnswerOutcomes(1000), Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), LOOKBACK, Duration.ofMinutes(10));
        seen.start();
        try {
            seen.ready().get(60, TimeUnit.SECONDS);
            // the previous owner of a reassigned partition finishes an answer it had in flight: no catch-up follows
            certainty(run + "late");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.variantsDone(run + "late").isEmpty() && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(seen.variantsDone(run + "late")).containsExactly(VARIANT);
        } finally {
            seen.stop();
        }
    }

    @Test
    void aCatchUpReadsFromWhereTheLastStoppedButNeverMoreThanTheLookBackNorBeforeTheLogStart() {
        assertThat(SeenAnswers.readFrom(-1, 0, 100, 30)).as("first catch-up").isEqualTo(70);
        assertThat(SeenAnswers.readFrom(90, 0, 100, 30)).as("idle for a few records").isEqualTo(90);
        assertThat(SeenAnswers.readFrom(20, 0, 100, 30)).as("idle for long").isEqualTo(70);
        assertThat(SeenAnswers.readFrom(-1, 5, 20, 30)).as("a short log").isEqualTo(5);
        assertThat(SeenAnswers.readFrom(2, 5, 20, 30)).as("retention deleted the rest").isEqualTo(5);
    }

    private static void certainty(String answerId) throws Exception {
        write(Topics.CERTAINTIES, "series", outcome(answerId));
    }

    /** The two fields the tail reads, among others it skips. */
    private static String outcome(String answerId) {
        return "{\"schemaVersion\": 1, \"answerId\": \"" + answerId + "\", \"rawReply\": {\"text\": \"fairly certain\"}, "
                + "\"variant\": \"" + VARIANT + "\", \"certainty\": 0.7}";
    }

    private static void write(String topic, String key, String value) throws Exception {
        otherInstance.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }
}
