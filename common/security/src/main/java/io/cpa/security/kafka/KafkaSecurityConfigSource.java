package io.cpa.security.kafka;

import io.cpa.kafkaaccess.KafkaClientSecurity;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cpa.kafka.* settings (CPA_KAFKA_*) as kafka.* properties, which every SmallRye channel, the plain clients of this
 * service and Kafka Streams read. Ordinal 275: above application.properties, below the environment's own KAFKA_* and
 * system properties, so an explicit Kafka property still wins.
 */
public class KafkaSecurityConfigSource implements ConfigSourceFactory {
    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> properties = new HashMap<>();
        KafkaClientSecurity.clientProperties(key -> Optional.ofNullable(context.getValue(key)).map(ConfigValue::getValue))
                .forEach((key, value) -> properties.put("kafka." + key, value));
        return List.of(new PropertiesConfigSource(properties, "cpa.kafka security settings", 275));
    }
}
