package io.cpa.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SASL_SSL broker: SCRAM and PLAIN users produce and consume over TLS; a wrong password or no TLS is refused. */
class SecuredBrokerTest {
    static final String SCRAM_PASSWORD = BrokerSecurity.randomPassword();
    static final String PLAIN_PASSWORD = BrokerSecurity.randomPassword();
    static EmbeddedKafkaBroker broker;
    static BrokerSecurity security;
    /** Every log record of this JVM while the broker starts, runs and is used (the broker logs its whole configuration). */
    static final List<String> LOG = java.util.Collections.synchronizedList(new ArrayList<>());
    static final java.util.logging.Handler CAPTURE = new java.util.logging.Handler() {
        private final java.util.logging.Formatter format = new java.util.logging.SimpleFormatter();

        @Override
        public void publish(java.util.logging.LogRecord record) {
            LOG.add(format.format(record));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeAll
    static void start() throws IOException {
        // the test's logging backend (JBoss LogManager, through quarkus-junit) hands every slf4j record to the root logger
        org.jboss.logmanager.Logger.getLogger("").addHandler(CAPTURE);
        Path dir = Files.createTempDirectory("cpa-secured-kafka-");
        security = BrokerSecurity.generate(dir.resolve("tls"), Map.of("scram-user", SCRAM_PASSWORD), Map.of("plain-user", PLAIN_PASSWORD));
        broker = EmbeddedKafkaBroker.start(dir.resolve("data"), 0, security);
        broker.createTopics(List.of("t.secured"), 1);
    }

    @AfterAll
    static void stop() {
        broker.close();
        org.jboss.logmanager.Logger.getLogger("").removeHandler(CAPTURE);
    }

    @Test
    void noPasswordIsEverLogged() throws Exception {
        aScramUserWritesWhatAPlainUserReads();
        aWrongPasswordIsRefusedForScramAndPlain();
        List<String> lines = List.copyOf(LOG);
        // the broker logs its configuration at start: the check below would be empty without it
        assertThat(lines).anyMatch(l -> l.contains("ssl.keystore.location"));
        for (String secret : security.secrets()) {
            assertThat(lines).as("log lines with a password").noneMatch(l -> l.contains(secret));
        }
    }

    @Test
    void aScramUserWritesWhatAPlainUserReads() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(with(security.clientProperties("scram-user", SCRAM_PASSWORD,
                BrokerSecurity.MECHANISM_SCRAM), Map.of(ProducerConfig.ACKS_CONFIG, "all")), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 5; i++) producer.send(new ProducerRecord<>("t.secured", "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
        }
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(with(security.clientProperties("plain-user", PLAIN_PASSWORD,
                BrokerSecurity.MECHANISM_PLAIN), Map.of(ConsumerConfig.GROUP_ID_CONFIG, "secured-reader",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("t.secured"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (values.size() < 5 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) values.add(r.value());
            }
        }
        assertThat(values).containsExactly("v0", "v1", "v2", "v3", "v4");
    }

    @Test
    void aWrongPasswordIsRefusedForScramAndPlain() {
        for (var login : List.of(List.of("scram-user", BrokerSecurity.MECHANISM_SCRAM), List.of("plain-user", BrokerSecurity.MECHANISM_PLAIN))) {
            try (Admin admin = Admin.create(with(security.clientProperties(login.get(0), "wrong", login.get(1)), Map.of()))) {
                assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
            }
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateFailsTheHandshake() {
        Map<String, Object> untrusting = security.clientProperties("scram-user", SCRAM_PASSWORD, BrokerSecurity.MECHANISM_SCRAM);
        untrusting.remove("ssl.truststore.location");
        untrusting.remove("ssl.truststore.password");
        untrusting.remove("ssl.truststore.type");
        try (Admin admin = Admin.create(with(untrusting, Map.of()))) {
            assertThatThrownBy(() -> admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SslAuthenticationException.class);
        }
    }

    private static Map<String, Object> with(Map<String, Object> login, Map<String, Object> more) {
        Map<String, Object> p = new HashMap<>(login);
        p.put("bootstrap.servers", broker.bootstrapServers());
        p.put("request.timeout.ms", 10_000);
        p.put("default.api.timeout.ms", 20_000);
        p.putAll(more);
        return p;
    }
}
