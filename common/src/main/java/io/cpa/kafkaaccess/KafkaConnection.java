package io.cpa.kafkaaccess;

import java.util.HashMap;
import java.util.Map;

/**
 * The part of a service's global Kafka configuration that says where the broker is and how to authenticate to it:
 * what a Kafka client the service builds itself (a tailing consumer, a dead-letter producer) must share with the
 * SmallRye channels, so that a secured broker needs its settings given once. Everything else of the global
 * configuration (group ids, serializers) stays with the channels.
 */
public final class KafkaConnection {
    private KafkaConnection() {}

    /**
     * @param kafkaConfig the global Kafka client properties without prefix (Quarkus' {@code default-kafka-broker} map)
     * @return {@code bootstrap.servers}, {@code security.protocol}, {@code sasl.*}, {@code ssl.*} and
     *         {@code client.dns.lookup}, in a new mutable map the caller adds its client's own properties to
     */
    public static Map<String, Object> of(Map<String, ?> kafkaConfig) {
        Map<String, Object> out = new HashMap<>();
        kafkaConfig.forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || key.equals("security.protocol") || key.equals("client.dns.lookup")
                    || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                out.put(key, value);
            }
        });
        if (!out.containsKey("bootstrap.servers")) {
            throw new IllegalArgumentException("no bootstrap.servers in the Kafka configuration (kafka.bootstrap.servers)");
        }
        return out;
    }

    /** The connection properties plus a client's own ones (which win on a clash). */
    public static Map<String, Object> with(Map<String, ?> connection, Map<String, ?> own) {
        Map<String, Object> out = new HashMap<>(connection);
        out.putAll(own);
        return out;
    }
}
