package io.cpa.security.kafka;

import io.cpa.kafkaaccess.KafkaAccessCheck;
import io.cpa.kafkaaccess.KafkaClientSecurity;
import io.cpa.kafkaaccess.KafkaConnection;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * At start-up, asks the broker whether it takes this service's credentials; a refusal (wrong password, untrusted
 * certificate) is logged with its cause and stops the process, because no retry can fix it.
 */
@ApplicationScoped
public class KafkaAccess {
    private static final Logger LOG = Logger.getLogger(KafkaAccess.class);
    private Thread checking;

    void check(@Observes StartupEvent event, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        Map<String, Object> connection = KafkaConnection.of(kafka);
        LOG.infof("Kafka at %s: %s", connection.get("bootstrap.servers"), KafkaClientSecurity.describe(connection));
        checking = KafkaAccessCheck.inBackground(connection, failure -> {
            LOG.error(failure);
            Quarkus.asyncExit(78);
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (checking != null) checking.interrupt();
    }
}
