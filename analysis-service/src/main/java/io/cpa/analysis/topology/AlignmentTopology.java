package io.cpa.analysis.topology;

import io.cpa.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * cpa.certainties -> validate and key by series -> repartition -> per-series window state (persistent stores with
 * changelog topics, see {@link SeriesProcessor}) -> cpa.alignment snapshots. The first processor reads JSON itself so that a bad record becomes a
 * dead letter with a reason instead of an exception that would stop the Streams client.
 */
@ApplicationScoped
public class AlignmentTopology {
    public static final String OBSERVATIONS = "series-observations";
    public static final String ARRIVALS = "series-arrivals";
    public static final String SNAPSHOTS = "series-snapshots";
    public static final String COUNTED = "series-counted-answers";

    private final SeriesProcessorSupplier processors;
    private final DeadLetters deadLetters;

    AlignmentTopology(SeriesProcessorSupplier processors, DeadLetters deadLetters) {
        this.processors = processors;
        this.deadLetters = deadLetters;
    }

    @Produces
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OBSERVATIONS), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ARRIVALS), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SNAPSHOTS), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTED), Serdes.String(), Serdes.Long()));
        builder.stream(Topics.CERTAINTIES, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new CertaintyValidator(deadLetters))
                .repartition(Repartitioned.with(Serdes.String(), CertaintySerde.serde()).withName("by-series"))
                .process(processors, OBSERVATIONS, ARRIVALS, SNAPSHOTS, COUNTED)
                .to(Topics.ALIGNMENT, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }
}
