package io.cpa.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What a SASL_SSL broker needs: a key and self-signed certificate for 127.0.0.1 and localhost (PKCS12, made by the
 * JDK's {@code keytool}), a truststore holding that certificate for the clients, the broker's own PLAIN login (its
 * listeners, controller included, authenticate to each other with it) and the client users: SCRAM-SHA-512 users,
 * created through the Admin API once the broker runs, and PLAIN users, given in the listener's JAAS line.
 * Every password is random unless given.
 */
public record BrokerSecurity(Path keyStore, Path trustStore, String storePassword, String brokerUser, String brokerPassword,
                             Map<String, String> scramUsers, Map<String, String> plainUsers) {

    public static final String MECHANISM_SCRAM = "SCRAM-SHA-512";
    public static final String MECHANISM_PLAIN = "PLAIN";
    private static final SecureRandom RANDOM = new SecureRandom();

    public BrokerSecurity {
        scramUsers = Map.copyOf(scramUsers);
        plainUsers = Map.copyOf(plainUsers);
    }

    /**
     * Generates the key, certificate and truststore under {@code dir} and a random password for the stores and the
     * broker's own login.
     */
    public static BrokerSecurity generate(Path dir, Map<String, String> scramUsers, Map<String, String> plainUsers) {
        try {
            Files.createDirectories(dir);
            String storePassword = randomPassword();
            Path keyStore = dir.resolve("broker-keystore.p12");
            Path certificate = dir.resolve("broker.crt");
            Path trustStore = dir.resolve("truststore.p12");
            for (Path p : List.of(keyStore, certificate, trustStore)) Files.deleteIfExists(p);
            keytool(storePassword, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "30",
                    "-dname", "CN=localhost", "-ext", "SAN=IP:127.0.0.1,DNS:localhost",
                    "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass:env", "CPA_STORE_PASSWORD");
            keytool(storePassword, "-exportcert", "-rfc", "-alias", "broker", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                    "-storepass:env", "CPA_STORE_PASSWORD", "-file", certificate.toString());
            keytool(storePassword, "-importcert", "-noprompt", "-alias", "cpa-broker", "-file", certificate.toString(),
                    "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass:env", "CPA_STORE_PASSWORD");
            return new BrokerSecurity(keyStore, trustStore, storePassword, "broker", randomPassword(), scramUsers, plainUsers);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the broker's certificates under " + dir, e);
        }
    }

    /** 24 random hex characters: for test users whose password only has to be unguessable and greppable. */
    public static String randomPassword() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The broker's properties for its SASL_SSL client listener on {@code port} and its controller listener. */
    Map<String, String> brokerProperties(int port, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "SASL_SSL://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "SASL_SSL://127.0.0.1:" + port);
        p.put("listener.security.protocol.map", "SASL_SSL:SASL_SSL,CONTROLLER:SASL_SSL");
        p.put("inter.broker.listener.name", "SASL_SSL");
        p.put("sasl.enabled.mechanisms", MECHANISM_SCRAM + "," + MECHANISM_PLAIN);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM_PLAIN);
        p.put("sasl.mechanism.controller.protocol", MECHANISM_PLAIN);
        p.put("listener.name.controller.sasl.enabled.mechanisms", MECHANISM_PLAIN);
        String plain = plainJaas();
        p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", plain);
        p.put("listener.name.controller.plain.sasl.jaas.config", plain);
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("ssl.keystore.location", keyStore.toString());
        p.put("ssl.keystore.password", storePassword);
        p.put("ssl.key.password", storePassword);
        p.put("ssl.keystore.type", "PKCS12");
        // the broker is a client of its own listeners (controller, inter-broker): it trusts its own certificate
        p.put("ssl.truststore.location", trustStore.toString());
        p.put("ssl.truststore.password", storePassword);
        p.put("ssl.truststore.type", "PKCS12");
        p.put("ssl.client.auth", "none");
        return p;
    }

    /** The listener's PLAIN login: the broker's own (as client) and every PLAIN user's password (as server). */
    private String plainJaas() {
        StringBuilder b = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"")
                .append(brokerUser).append("\" password=\"").append(brokerPassword).append("\" user_")
                .append(brokerUser).append("=\"").append(brokerPassword).append('"');
        plainUsers.forEach((user, password) -> b.append(" user_").append(user).append("=\"").append(password).append('"'));
        return b.append(';').toString();
    }

    /**
     * The client properties of {@code user} ({@code mechanism} {@link #MECHANISM_SCRAM} or {@link #MECHANISM_PLAIN})
     * over TLS, trusting the broker's certificate.
     */
    public Map<String, Object> clientProperties(String user, String password, String mechanism) {
        Map<String, Object> p = new HashMap<>();
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", mechanism);
        String module = MECHANISM_PLAIN.equals(mechanism) ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        p.put("sasl.jaas.config", module + " required username=\"" + user + "\" password=\"" + password + "\";");
        p.put("ssl.truststore.location", trustStore.toString());
        p.put("ssl.truststore.password", storePassword);
        p.put("ssl.truststore.type", "PKCS12");
        return p;
    }

    /** The broker's own client properties (PLAIN), for its Admin client. */
    Map<String, Object> brokerClientProperties() {
        return clientProperties(brokerUser, brokerPassword, MECHANISM_PLAIN);
    }

    /**
     * The environment a cpa service needs to connect as {@code user}: the {@code CPA_KAFKA_*} variables of the
     * services' configuration.
     */
    public Map<String, String> serviceEnvironment(String user, String password, String mechanism) {
        return Map.of("CPA_KAFKA_SECURITY_PROTOCOL", "SASL_SSL", "CPA_KAFKA_SASL_MECHANISM", mechanism,
                "CPA_KAFKA_USERNAME", user, "CPA_KAFKA_PASSWORD", password,
                "CPA_KAFKA_TRUSTSTORE", trustStore.toString(), "CPA_KAFKA_TRUSTSTORE_PASSWORD", storePassword,
                "CPA_KAFKA_TRUSTSTORE_TYPE", "PKCS12");
    }

    /** Every secret of this broker: its own password, the stores' and every user's, e.g. to check logs for them. */
    public List<String> secrets() {
        List<String> all = new java.util.ArrayList<>(List.of(storePassword, brokerPassword));
        all.addAll(scramUsers.values());
        all.addAll(plainUsers.values());
        return all;
    }

    private static void keytool(String storePassword, String... args) {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // the password goes through the environment, not the command line, where any process could read it
        pb.environment().put("CPA_STORE_PASSWORD", storePassword);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool " + args[0] + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
