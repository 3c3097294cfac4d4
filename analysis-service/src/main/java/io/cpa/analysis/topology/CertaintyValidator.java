package io.cpa.analysis.topology;

import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.InvalidEventException;
import io.cpa.event.Topics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;

/**
 * First step of the topology: reads each record as a {@link CertaintyEvent} and re-keys it by its series, so that a
 * producer that keyed by anything else still lands each series on one partition. Unreadable records are
 * dead-lettered here with their reason and source offset; nothing here throws on bad input.
 */
final class CertaintyValidator implements Processor<String, byte[], String, CertaintyEvent> {
    private final DeadLetters deadLetters;
    private ProcessorContext<String, CertaintyEvent> context;

    CertaintyValidator(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public void init(ProcessorContext<String, CertaintyEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        CertaintyEvent event;
        try {
            if (record.value() == null) throw new InvalidEventException("empty record value");
            event = EventJson.readCertainty(new String(record.value(), StandardCharsets.UTF_8));
            io.cpa.event.SeriesKey.parse(event.seriesKey());
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            deadLetter(record, "invalid CertaintyEvent: " + e.getMessage());
            return;
        }
        context.forward(record.withKey(event.seriesKey()).withValue(event));
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        deadLetters.send(meta == null ? Topics.CERTAINTIES : meta.topic(), meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), reason);
    }
}
