package io.cpa.analysis.topology;

import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * cpa.analysis.publish-interval: a series with new answers publishes that often, a quiet one does not, and those
 * snapshots carry the fresh header, which keeps them out of the history ring.
 */
class PublishIntervalTopologyTest {
    private static final long T0 = 1_790_000_000_000L;

    @TempDir
    Path state;

    @Test
    void aSeriesWithNewAnswersPublishesEachIntervalAndAQuietOneDoesNot() {
        List<Long> received = run(Map.of("cpa.analysis.snapshot-every", "1000", "cpa.analysis.snapshot-interval", "10s",
                "cpa.analysis.publish-interval", "200ms"));
        // 3 answers, 250 ms, 2 more, 250 ms, nothing new for 1 s: two fresh snapshots, then silence until the paced
        // snapshot of the 10 s interval, which the fresh ones do not replace: the alert rules and the history get it
        assertThat(received).containsExactly(3L, 5L, 5L);
        assertThat(fresh).containsExactly(true, true, false);
        assertThat(historyEntries).as("the paced snapshot only").isEqualTo(2); // its entry and the ring's count
    }

    @Test
    void offByDefaultTheSnapshotIntervalDecides() {
        List<Long> received = run(Map.of("cpa.analysis.snapshot-every", "1000", "cpa.analysis.snapshot-interval", "10s"));
        assertThat(received).containsExactly(5L);
        assertThat(fresh).containsExactly(false);
    }

    private static long received(String snapshotJson) {
        try {
            return EventJson.mapper().readTree(snapshotJson).path("received").asLong(-1);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private final List<Boolean> fresh = new java.util.ArrayList<>();
    private long historyEntries;

    private List<Long> run(Map<String, String> config) {
        Wiring wiring = new Wiring(config);
        String series = "sim|publish|cqp";
        try (TopologyTestDriver driver = new TopologyTestDriver(wiring.topology, Wiring.streams(state))) {
            TestInputTopic<String, String> in = driver.createInputTopic(Topics.CERTAINTIES, new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic(Topics.ALIGNMENT, new StringDeserializer(), new StringDeserializer());
            for (int i = 0; i < 3; i++) in.pipeInput(series, EventJson.write(Wiring.certainty(series, "a-" + i, T0 + i, 0.5, 3)));
            driver.advanceWallClockTime(Duration.ofMillis(250));
            for (int i = 3; i < 5; i++) in.pipeInput(series, EventJson.write(Wiring.certainty(series, "a-" + i, T0 + i, 0.5, 3)));
            driver.advanceWallClockTime(Duration.ofMillis(250));
            for (int i = 0; i < 5; i++) driver.advanceWallClockTime(Duration.ofMillis(200));
            driver.advanceWallClockTime(Duration.ofSeconds(10));
            List<Long> received = new java.util.ArrayList<>();
            for (org.apache.kafka.streams.test.TestRecord<String, String> r : out.readRecordsToList()) {
                received.add(received(r.value()));
                fresh.add(r.headers().lastHeader(io.cpa.event.AlignmentSnapshot.FRESH_HEADER) != null);
            }
            try (var it = driver.<String, String>getKeyValueStore(io.cpa.analysis.stores.StoreNames.HISTORY).all()) {
                while (it.hasNext()) {
                    it.next();
                    historyEntries++;
                }
            }
            return received;
        }
    }
}
