package io.cpa.analysis.topology;

import io.cpa.analysis.alert.AlertProcessorSupplier;
import io.cpa.analysis.history.HistoryProcessorSupplier;
import io.cpa.event.AlignmentSnapshot;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * cpa.certainties -> validate and key by series -> repartition -> per-series window state (persistent stores with
 * changelog topics, see {@link SeriesProcessor}) -> cpa.alignment snapshots; each snapshot also goes through the alert
 * rules (store {@code series-alerts}, events to cpa.alerts) and into the series' history ring ({@code series-history}). The first processor reads JSON itself so that a bad record becomes a
 * dead letter with a reason instead of an exception that would stop the Streams client.
 */
@ApplicationScoped
public class AlignmentTopology {
    public static final String OBSERVATIONS = "series-observations";
    public static final String ARRIVALS = "series-arrivals";
    public static final String SNAPSHOTS = "series-snapshots";
    public static final String ALERTS = "series-alerts";
    public static final String HISTORY = "series-history";
    public static final String COUNTED = "series-counted-answers";

    private final SeriesProcessorSupplier processors;
    private final AlertProcessorSupplier alerts;
    private final HistoryProcessorSupplier history;
    private final DeadLetters deadLetters;

    AlignmentTopology(SeriesProcessorSupplier processors, AlertProcessorSupplier alerts, HistoryProcessorSupplier history,
                      DeadLetters deadLetters) {
        this.processors = processors;
        this.alerts = alerts;
        this.history = history;
        this.deadLetters = deadLetters;
    }

    @Produces
    public Topology topology() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OBSERVATIONS), Serdes.String(), Serdes.ByteArray()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ARRIVALS), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SNAPSHOTS), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALERTS), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY), Serdes.String(), Serdes.String()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(COUNTED), Serdes.String(), Serdes.Long()));
        KStream<String, AlignmentSnapshot> snapshots = builder.stream(Topics.CERTAINTIES, Consumed.with(Serdes.String(), Serdes.ByteArray()))
                .process(() -> new CertaintyValidator(deadLetters))
                .repartition(Repartitioned.with(Serdes.String(), CertaintySerde.serde()).withName("by-series"))
                .process(processors, OBSERVATIONS, ARRIVALS, SNAPSHOTS, COUNTED);
        snapshots.mapValues(s -> EventJson.write(s)).to(Topics.ALIGNMENT, Produced.with(Serdes.String(), Serdes.String()));
        // same task as the series (no repartition in between): the alert and history stores of a series sit next to
        // its snapshot store, so the owner of one is the owner of all
        snapshots.process(alerts, ALERTS).to(Topics.ALERTS, Produced.with(Serdes.String(), Serdes.String()));
        snapshots.process(history, HISTORY);
        return builder.build();
    }
}
