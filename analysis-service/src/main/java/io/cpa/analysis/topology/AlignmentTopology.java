package io.cpa.analysis.topology;

import io.cpa.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * cpa.certainties -> validate -> per-series window state (persistent stores with changelog topics, see
 * {@link SeriesProcessor}) -> cpa.alignment snapshots. The validator reads JSON itself so that a bad record becomes a
 * dead letter with a reason instead of an exception that would stop the Streams client.
 * <p>
 * A series must always reach the task that holds its state. Producers key certainties by series (the topic's
 * contract), so a record normally already sits on its series' partition and goes straight to the series processor,
 * as the object the validator read: no second serialisation, no internal topic, no second commit interval of
 * latency. A record keyed otherwise (or placed by a partitioner of its own) is written back to cpa.certainties keyed
 * by its series, in the same transaction as its offset, and is processed when it comes round on the right partition.
 */
@ApplicationScoped
public class AlignmentTopology {
    public static final String OBSERVATIONS = "series-observations";
    public static final String ARRIVALS = "series-arrivals";
    public static final String SNAPSHOTS = "series-snapshots";
    static final String SOURCE = "certainties";
    static final String VALIDATE = "validate";
    static final String SERIES = "series";
    static final String REKEY = "rekey-by-series";
    static final String ALIGNMENT = "alignment";

    private final SeriesProcessorSupplier processors;
    private final DeadLetters deadLetters;

    AlignmentTopology(SeriesProcessorSupplier processors, DeadLetters deadLetters) {
        this.processors = processors;
        this.deadLetters = deadLetters;
    }

    @Produces
    public Topology topology() {
        Topology t = new Topology();
        t.addSource(SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), Topics.CERTAINTIES);
        t.addProcessor(VALIDATE, () -> new CertaintyValidator(deadLetters), SOURCE);
        t.addProcessor(SERIES, processors, VALIDATE);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OBSERVATIONS), Serdes.String(), Serdes.ByteArray()), SERIES);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ARRIVALS), Serdes.String(), Serdes.Long()), SERIES);
        t.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SNAPSHOTS), Serdes.String(), Serdes.String()), SERIES);
        // the default partitioner, as producers use it: the record lands on the partition of its series' key
        t.addSink(REKEY, Topics.CERTAINTIES, Serdes.String().serializer(), Serdes.ByteArray().serializer(), VALIDATE);
        t.addSink(ALIGNMENT, Topics.ALIGNMENT, Serdes.String().serializer(), Serdes.String().serializer(), SERIES);
        return t;
    }
}
