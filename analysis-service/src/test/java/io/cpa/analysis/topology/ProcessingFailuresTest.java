package io.cpa.analysis.topology;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard with a processor that really throws: the record that made it throw is dead-lettered with its original
 * bytes and the exception as the reason, and the records after it are processed (without the guard the driver, like
 * a stream thread, would die on the first one).
 */
class ProcessingFailuresTest {

    /** Upper-cases values; throws on "boom", as a bug in a processor would. */
    static final class Fragile implements Processor<String, String, String, String> {
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, String> record) {
            if (record.value().equals("boom")) throw new IllegalStateException("cannot handle " + record.value());
            context.forward(record.withValue(record.value().toUpperCase()));
        }
    }

    record Letter(String topic, long offset, String key, String value, String reason) {}

    @Test
    void aThrowingProcessorDeadLettersItsRecordAndTheTopologyGoesOn() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
                .process(Fragile::new)
                .to("out", Produced.with(Serdes.String(), Serdes.String()));
        List<Letter> letters = new ArrayList<>();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "processing-failures-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailures.class.getName());
        props.put(ProcessingFailures.SINK_CONFIG, (ProcessingFailures.Sink) (topic, partition, offset, key, value, reason) ->
                letters.add(new Letter(topic, offset, new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8), reason)));
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
            TestInputTopic<String, String> in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, String> out = driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer());
            in.pipeInput("k1", "first");
            in.pipeInput("k2", "boom");
            in.pipeInput("k3", "last");
            assertThat(out.readValuesToList()).containsExactly("FIRST", "LAST");
        }
        assertThat(letters).hasSize(1);
        Letter letter = letters.get(0);
        assertThat(letter.topic()).isEqualTo("in");
        assertThat(letter.offset()).isEqualTo(1);
        assertThat(letter.key()).isEqualTo("k2");
        assertThat(letter.value()).isEqualTo("boom");
        assertThat(letter.reason()).contains("IllegalStateException").contains("cannot handle boom");
    }
}
