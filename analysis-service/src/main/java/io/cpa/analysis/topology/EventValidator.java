package io.cpa.analysis.topology;

import io.cpa.analysis.labels.LabelOutcomes;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.InvalidEventException;
import io.cpa.event.LabelEvent;
import io.cpa.event.SeriesKey;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * First step of each input of the topology: reads each record as its event and re-keys it (a certainty by its
 * series, so that a producer that keyed by anything else still lands each series on one partition; a label by its
 * answer). Unreadable records are dead-lettered here with their reason and source offset; nothing here throws on
 * bad input.
 *
 * @param <E> the event read
 * @param <V> what is forwarded: the event, or the event with where it stands ({@link PlacedCertainty})
 */
final class EventValidator<E, V> implements Processor<String, byte[], String, V> {
    /** What is forwarded for an event, from the key and partition it came with. */
    interface Placement<E, V> {
        V place(String receivedKey, int partition, E event);
    }

    private final DeadLetters deadLetters;
    private final String topic;
    private final Function<String, E> read;
    private final Function<E, String> key;
    private final Placement<E, V> placement;
    private final Runnable rejected;
    private ProcessorContext<String, V> context;

    private EventValidator(DeadLetters deadLetters, String topic, Function<String, E> read, Function<E, String> key,
                           Placement<E, V> placement, Runnable rejected) {
        this.placement = placement;
        this.rejected = rejected;
        this.deadLetters = deadLetters;
        this.topic = topic;
        this.read = read;
        this.key = key;
    }

    /**
     * Certainties keyed by series, each marked in place when it arrived keyed by its series on its series' partition;
     * a series key that is not model|source|variant is a dead letter.
     */
    static EventValidator<CertaintyEvent, PlacedCertainty> certainties(DeadLetters deadLetters, CertaintyPartitions partitions) {
        return new EventValidator<>(deadLetters, io.cpa.event.Topics.CERTAINTIES, json -> {
            CertaintyEvent e = EventJson.readCertainty(json);
            try {
                SeriesKey.parse(e.seriesKey());
            } catch (IllegalArgumentException bad) {
                throw new InvalidEventException("invalid CertaintyEvent: " + bad.getMessage(), bad);
            }
            return e;
        }, CertaintyEvent::seriesKey,
                (key, partition, e) -> new PlacedCertainty(e, partitions.inPlace(key, e.seriesKey(), partition)), () -> {});
    }

    /** Labels keyed by answer id (whatever their producer keyed them by); each one rejected is counted {@code invalid}. */
    static EventValidator<LabelEvent, LabelEvent> labels(DeadLetters deadLetters, LabelOutcomes outcomes) {
        return new EventValidator<>(deadLetters, io.cpa.event.Topics.LABELS, EventJson::readLabel, LabelEvent::answerId,
                (key, partition, e) -> e,
                () -> outcomes.deadLettered(LabelOutcomes.INVALID));
    }

    @Override
    public void init(ProcessorContext<String, V> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        E event;
        try {
            if (record.value() == null) throw new InvalidEventException("empty record value");
            event = read.apply(new String(record.value(), StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            deadLetter(record, e.getMessage());
            rejected.run();
            return;
        }
        int partition = context.recordMetadata().map(RecordMetadata::partition).orElse(-1);
        context.forward(record.withKey(key.apply(event)).withValue(placement.place(record.key(), partition, event)));
    }

    private void deadLetter(Record<String, byte[]> record, String reason) {
        RecordMetadata meta = context.recordMetadata().orElse(null);
        deadLetters.send(meta == null ? topic : meta.topic(), meta == null ? -1 : meta.partition(),
                meta == null ? -1 : meta.offset(),
                record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), reason);
    }
}
