package io.cpa.kafkaaccess;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a service authenticates to Kafka, from the few settings an operator gives ({@code cpa.kafka.*}, environment
 * form {@code CPA_KAFKA_*}) to the Kafka client properties every client of the service uses ({@code security.protocol},
 * {@code sasl.mechanism}, {@code sasl.jaas.config}, {@code ssl.truststore.*}, {@code ssl.keystore.*}).
 * <p>
 * The JAAS line is written here, not in a properties file, because its login module depends on the mechanism
 * (SCRAM-* takes {@code ScramLoginModule}, PLAIN {@code PlainLoginModule}) and because a password may contain quotes or
 * backslashes that a hand-written line would have to escape. Nothing set means nothing returned: the clients then
 * connect in PLAINTEXT as before, and plain {@code kafka.*} properties still work.
 */
public final class KafkaClientSecurity {
    public static final String PREFIX = "cpa.kafka.";
    public static final String PROTOCOL = PREFIX + "security-protocol";
    public static final String MECHANISM = PREFIX + "sasl-mechanism";
    public static final String USERNAME = PREFIX + "username";
    public static final String PASSWORD = PREFIX + "password";
    public static final String JAAS = PREFIX + "jaas";
    public static final String TRUSTSTORE = PREFIX + "truststore";
    public static final String TRUSTSTORE_PASSWORD = PREFIX + "truststore-password";
    public static final String TRUSTSTORE_TYPE = PREFIX + "truststore-type";
    public static final String KEYSTORE = PREFIX + "keystore";
    public static final String KEYSTORE_PASSWORD = PREFIX + "keystore-password";
    public static final String KEYSTORE_TYPE = PREFIX + "keystore-type";

    /** Every setting this class reads, for a config source that has to ask for each by name. */
    public static final List<String> KEYS = List.of(PROTOCOL, MECHANISM, USERNAME, PASSWORD, JAAS, TRUSTSTORE,
            TRUSTSTORE_PASSWORD, TRUSTSTORE_TYPE, KEYSTORE, KEYSTORE_PASSWORD, KEYSTORE_TYPE);

    static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    static final Map<String, String> LOGIN_MODULES = Map.of(
            "SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule",
            "PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule");
    private static final Pattern JAAS_USER = Pattern.compile("username\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private KafkaClientSecurity() {}

    /**
     * The Kafka client properties (without prefix) for the given settings.
     *
     * @param setting a setting's value by its key ({@link #PROTOCOL}, ...); empty when not set
     * @throws IllegalArgumentException naming the setting (never its value) when the settings cannot work
     */
    public static Map<String, String> clientProperties(Function<String, Optional<String>> setting) {
        Function<String, Optional<String>> s = key -> setting.apply(key).map(String::trim).filter(v -> !v.isEmpty());
        Map<String, String> out = new LinkedHashMap<>();
        Optional<String> protocolSetting = s.apply(PROTOCOL);
        if (protocolSetting.isEmpty()) {
            for (String key : KEYS) {
                if (s.apply(key).isPresent()) {
                    throw new IllegalArgumentException(key + " is set but " + PROTOCOL
                            + " is not: it would not be used (set " + PROTOCOL + " to SASL_SSL, SSL or SASL_PLAINTEXT)");
                }
            }
            return out;
        }
        String protocol = protocolSetting.get().toUpperCase(Locale.ROOT);
        if (!PROTOCOLS.contains(protocol)) {
            throw new IllegalArgumentException(PROTOCOL + " must be one of " + PROTOCOLS + ", not " + protocolSetting.get());
        }
        out.put("security.protocol", protocol);
        boolean sasl = protocol.startsWith("SASL_");
        if (sasl) {
            String mechanism = s.apply(MECHANISM).orElse("SCRAM-SHA-512").toUpperCase(Locale.ROOT);
            String module = LOGIN_MODULES.get(mechanism);
            Optional<String> jaas = s.apply(JAAS);
            if (module == null && jaas.isEmpty()) {
                throw new IllegalArgumentException(MECHANISM + " must be one of " + LOGIN_MODULES.keySet().stream().sorted().toList()
                        + " (or give the whole JAAS line in " + JAAS + " with any mechanism), not " + s.apply(MECHANISM).get());
            }
            out.put("sasl.mechanism", mechanism);
            if (jaas.isPresent()) {
                out.put("sasl.jaas.config", jaas.get());
            } else {
                String user = s.apply(USERNAME).orElseThrow(() -> new IllegalArgumentException(
                        PROTOCOL + " is " + protocol + " but " + USERNAME + " is not set (or give " + JAAS + ")"));
                String password = s.apply(PASSWORD).orElseThrow(() -> new IllegalArgumentException(
                        PROTOCOL + " is " + protocol + " but " + PASSWORD + " is not set (or give " + JAAS + ")"));
                out.put("sasl.jaas.config", module + " required username=\"" + quoted(user) + "\" password=\"" + quoted(password) + "\";");
            }
        } else {
            for (String key : List.of(USERNAME, PASSWORD, JAAS)) {
                if (s.apply(key).isPresent()) {
                    throw new IllegalArgumentException(key + " is set but " + PROTOCOL + " is " + protocol
                            + ", which does not authenticate with SASL: use SASL_SSL or SASL_PLAINTEXT");
                }
            }
        }
        truststore(s, out);
        keystore(s, out);
        if (!protocol.endsWith("SSL") && out.keySet().stream().anyMatch(k -> k.startsWith("ssl."))) {
            throw new IllegalArgumentException(TRUSTSTORE + " or " + KEYSTORE + " is set but " + PROTOCOL + " is " + protocol
                    + ": TLS is not used (use SSL or SASL_SSL)");
        }
        return out;
    }

    private static void truststore(Function<String, Optional<String>> s, Map<String, String> out) {
        s.apply(TRUSTSTORE).ifPresent(location -> {
            out.put("ssl.truststore.location", location);
            out.put("ssl.truststore.type", s.apply(TRUSTSTORE_TYPE).orElse("PKCS12"));
            s.apply(TRUSTSTORE_PASSWORD).ifPresent(p -> out.put("ssl.truststore.password", p));
        });
    }

    private static void keystore(Function<String, Optional<String>> s, Map<String, String> out) {
        s.apply(KEYSTORE).ifPresent(location -> {
            out.put("ssl.keystore.location", location);
            out.put("ssl.keystore.type", s.apply(KEYSTORE_TYPE).orElse("PKCS12"));
            s.apply(KEYSTORE_PASSWORD).ifPresent(p -> out.put("ssl.keystore.password", p));
        });
    }

    /** A JAAS option value between double quotes: backslash and quote escaped. */
    static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** The {@code username} option of a JAAS line, unescaped; empty for a line without one (OAUTHBEARER, Kerberos). */
    public static Optional<String> userOf(String jaasConfig) {
        if (jaasConfig == null) return Optional.empty();
        Matcher m = JAAS_USER.matcher(jaasConfig);
        return m.find() ? Optional.of(m.group(1).replaceAll("\\\\(.)", "$1")) : Optional.empty();
    }

    /**
     * One line that says how the clients connect, for the log: protocol, mechanism, user and stores, never a password.
     *
     * @param clientProperties the Kafka client properties (without prefix) a client is built from
     */
    public static String describe(Map<String, ?> clientProperties) {
        Object protocolValue = clientProperties.get("security.protocol");
        String protocol = protocolValue == null ? "PLAINTEXT" : protocolValue.toString();
        StringBuilder b = new StringBuilder(protocol);
        if (protocol.startsWith("SASL_")) {
            Object mechanism = clientProperties.get("sasl.mechanism");
            b.append(", ").append(mechanism == null ? "GSSAPI" : mechanism);
            Object jaas = clientProperties.get("sasl.jaas.config");
            b.append(" as user ").append(userOf(jaas == null ? null : jaas.toString()).map(u -> "'" + u + "'").orElse("(none in the JAAS line)"));
        }
        if (clientProperties.containsKey("ssl.truststore.location")) {
            b.append(", truststore ").append(clientProperties.get("ssl.truststore.location"));
        }
        if (clientProperties.containsKey("ssl.keystore.location")) {
            b.append(", keystore ").append(clientProperties.get("ssl.keystore.location"));
        }
        return b.toString();
    }
}
