package io.cpa.kafkaaccess;

import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;

import javax.security.auth.login.AppConfigurationEntry;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientSecurityTest {

    private static Map<String, String> props(String... keyValues) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) settings.put(keyValues[i], keyValues[i + 1]);
        return KafkaClientSecurity.clientProperties(k -> Optional.ofNullable(settings.get(k)));
    }

    @Test
    void nothingSetLeavesTheClientsInPlaintext() {
        assertThat(props()).isEmpty();
        assertThat(props(KafkaClientSecurity.PROTOCOL, " ")).isEmpty();
    }

    @Test
    void scramOverTlsWritesTheScramLoginModuleAndTheTruststore() {
        Map<String, String> p = props(KafkaClientSecurity.PROTOCOL, "sasl_ssl", KafkaClientSecurity.USERNAME, "cpa-answer",
                KafkaClientSecurity.PASSWORD, "s3cret", KafkaClientSecurity.TRUSTSTORE, "/etc/cpa/truststore.p12",
                KafkaClientSecurity.TRUSTSTORE_PASSWORD, "changeit");
        assertThat(p).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"cpa-answer\" password=\"s3cret\";")
                .containsEntry("ssl.truststore.location", "/etc/cpa/truststore.p12")
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("ssl.truststore.type", "PKCS12");
    }

    @Test
    void plainTakesThePlainLoginModule() {
        Map<String, String> p = props(KafkaClientSecurity.PROTOCOL, "SASL_SSL", KafkaClientSecurity.MECHANISM, "plain",
                KafkaClientSecurity.USERNAME, "u", KafkaClientSecurity.PASSWORD, "p");
        assertThat(p.get("sasl.mechanism")).isEqualTo("PLAIN");
        assertThat(p.get("sasl.jaas.config")).startsWith("org.apache.kafka.common.security.plain.PlainLoginModule required ");
    }

    @Test
    void quotesAndBackslashesInAPasswordSurviveKafkasOwnJaasParser() {
        String password = "a\"b\\c;d=e f";
        Map<String, String> p = props(KafkaClientSecurity.PROTOCOL, "SASL_PLAINTEXT", KafkaClientSecurity.USERNAME, "we\"ird",
                KafkaClientSecurity.PASSWORD, password);
        JaasContext context = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(p.get("sasl.jaas.config"))));
        AppConfigurationEntry entry = context.configurationEntries().get(0);
        assertThat(entry.getOptions().get("password")).isEqualTo(password);
        assertThat(entry.getOptions().get("username")).isEqualTo("we\"ird");
        assertThat(KafkaClientSecurity.userOf(p.get("sasl.jaas.config"))).contains("we\"ird");
    }

    @Test
    void aFullJaasLineIsTakenAsItIs() {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"x\" password=\"y\";";
        Map<String, String> p = props(KafkaClientSecurity.PROTOCOL, "SASL_SSL", KafkaClientSecurity.MECHANISM, "PLAIN",
                KafkaClientSecurity.JAAS, jaas);
        assertThat(p.get("sasl.jaas.config")).isEqualTo(jaas);
        // with its own JAAS line any mechanism the client knows is passed on
        String oauth = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required;";
        assertThat(props(KafkaClientSecurity.PROTOCOL, "SASL_SSL", KafkaClientSecurity.MECHANISM, "OAUTHBEARER",
                KafkaClientSecurity.JAAS, oauth)).containsEntry("sasl.mechanism", "OAUTHBEARER").containsEntry("sasl.jaas.config", oauth);
    }

    @Test
    void mistakesNameTheSettingAndNeverThePassword() {
        assertThatThrownBy(() -> props(KafkaClientSecurity.PROTOCOL, "SASL_SSL", KafkaClientSecurity.USERNAME, "u"))
                .hasMessageContaining(KafkaClientSecurity.PASSWORD);
        assertThatThrownBy(() -> props(KafkaClientSecurity.PROTOCOL, "TLS"))
                .hasMessageContaining(KafkaClientSecurity.PROTOCOL).hasMessageContaining("SASL_SSL");
        assertThatThrownBy(() -> props(KafkaClientSecurity.PROTOCOL, "SASL_SSL", KafkaClientSecurity.MECHANISM, "GSSAPI",
                KafkaClientSecurity.USERNAME, "u", KafkaClientSecurity.PASSWORD, "p"))
                .hasMessageContaining(KafkaClientSecurity.MECHANISM);
        assertThatThrownBy(() -> props(KafkaClientSecurity.USERNAME, "u", KafkaClientSecurity.PASSWORD, "hunter2"))
                .hasMessageContaining(KafkaClientSecurity.PROTOCOL).hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> props(KafkaClientSecurity.PROTOCOL, "SSL", KafkaClientSecurity.PASSWORD, "hunter2"))
                .hasMessageContaining("SASL").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> props(KafkaClientSecurity.PROTOCOL, "PLAINTEXT", KafkaClientSecurity.TRUSTSTORE, "/t.p12"))
                .hasMessageContaining(KafkaClientSecurity.TRUSTSTORE);
    }

    @Test
    void theDescriptionForTheLogHasUserAndStoresButNoPassword() {
        Map<String, String> p = props(KafkaClientSecurity.PROTOCOL, "SASL_SSL", KafkaClientSecurity.USERNAME, "cpa-answer",
                KafkaClientSecurity.PASSWORD, "hunter2", KafkaClientSecurity.TRUSTSTORE, "/t.p12", KafkaClientSecurity.TRUSTSTORE_PASSWORD, "tpw");
        assertThat(KafkaClientSecurity.describe(p)).isEqualTo("SASL_SSL, SCRAM-SHA-512 as user 'cpa-answer', truststore /t.p12");
    }

    @Test
    void connectionKeepsWhereAndHowButNotTheChannelsOwnSettings() {
        Map<String, Object> c = KafkaConnection.of(Map.of("bootstrap.servers", "h:1", "security.protocol", "SASL_SSL",
                "sasl.jaas.config", "j", "ssl.truststore.location", "/t", "group.id", "answer-service", "acks", "all"));
        assertThat(c).containsOnlyKeys("bootstrap.servers", "security.protocol", "sasl.jaas.config", "ssl.truststore.location");
        assertThatThrownBy(() -> KafkaConnection.of(Map.of("group.id", "g"))).hasMessageContaining("kafka.bootstrap.servers");
        assertThat(KafkaConnection.with(c, Map.of("client.id", "x"))).containsEntry("client.id", "x").containsEntry("bootstrap.servers", "h:1");
    }

    @Test
    void aRefusedLoginNamesUserMechanismAndBroker() {
        Map<String, Object> c = Map.of("bootstrap.servers", "127.0.0.1:9093", "sasl.mechanism", "SCRAM-SHA-512",
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"cpa-x\" password=\"hunter2\";");
        Optional<String> m = KafkaAccessCheck.failure(new ExecutionException(new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512")), c);
        assertThat(m).get().asString()
                .startsWith("Kafka authentication failed for user 'cpa-x' via SCRAM-SHA-512 at 127.0.0.1:9093: ")
                .doesNotContain("hunter2");
        assertThat(KafkaAccessCheck.failure(new SslAuthenticationException("SSL handshake failed"), c)).get().asString()
                .contains("TLS handshake with Kafka at 127.0.0.1:9093 failed").contains("CPA_KAFKA_TRUSTSTORE");
        assertThat(KafkaAccessCheck.failure(new IllegalStateException("timeout"), c)).isEmpty();
    }
}
