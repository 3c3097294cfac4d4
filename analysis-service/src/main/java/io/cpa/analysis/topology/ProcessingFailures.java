package io.cpa.analysis.topology;

import io.quarkus.arc.Arc;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The guard of every processor of the topology ({@code kafka-streams.processing.exception.handler}): an exception that
 * escapes a processor while it handles one record, whatever its cause, dead-letters the record it came from (its
 * original bytes, the processor and the exception as the reason) and the topology goes on with the next record. Without
 * it one such record kills the stream thread, and a restart meets the same record again.
 * Kafka Streams instantiates this class itself; it reaches the CDI {@link DeadLetters} through Arc, unless the
 * Streams config hands it a {@link Sink} under {@link #SINK_CONFIG} (a topology outside Quarkus, as in a test driver).
 */
public class ProcessingFailures implements ProcessingExceptionHandler {
    private static final Logger LOG = Logger.getLogger(ProcessingFailures.class);
    /** Streams config key whose value, when it is a {@link Sink}, receives the dead letters instead of {@link DeadLetters}. */
    public static final String SINK_CONFIG = "cpa.processing-failures.sink";

    /** Where a failed record goes: its source position, original bytes and the reason. */
    @FunctionalInterface
    public interface Sink {
        void send(String sourceTopic, int partition, long offset, byte[] key, byte[] value, String reason);
    }

    private Sink sink;

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String reason = "unexpected failure in " + context.processorNodeId() + ": " + exception;
        try {
            byte[] value = context.sourceRawValue() != null ? context.sourceRawValue() : bytes(record.value());
            Sink target = sink != null ? sink : Arc.container().instance(DeadLetters.class).get()::send;
            target.send(context.topic(), context.partition(), context.offset(),
                    context.sourceRawKey() != null ? context.sourceRawKey() : bytes(record.key()), value, reason);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not dead-letter %s-%d@%d after: %s", context.topic(), context.partition(), context.offset(), reason);
        }
        LOG.errorf(exception, "record %s-%d@%d skipped", context.topic(), context.partition(), context.offset());
        return ProcessingHandlerResponse.CONTINUE;
    }

    private static byte[] bytes(Object o) {
        return o == null ? null : String.valueOf(o).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        if (configs.get(SINK_CONFIG) instanceof Sink given) sink = given;
    }
}
