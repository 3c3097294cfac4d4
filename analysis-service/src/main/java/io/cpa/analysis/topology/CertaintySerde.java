package io.cpa.analysis.topology;

import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

import java.nio.charset.StandardCharsets;

/** JSON serde of certainty events for the internal repartition topic (records there were validated already). */
final class CertaintySerde {
    private CertaintySerde() {}

    static Serde<CertaintyEvent> serde() {
        Serializer<CertaintyEvent> ser = (topic, event) -> event == null ? null : EventJson.write(event).getBytes(StandardCharsets.UTF_8);
        Deserializer<CertaintyEvent> de = (topic, bytes) -> bytes == null ? null
                : EventJson.readCertainty(new String(bytes, StandardCharsets.UTF_8));
        return Serdes.serdeFrom(ser, de);
    }
}
