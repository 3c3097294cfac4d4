package io.cpa.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) on 127.0.0.1, in this JVM.
 * The log directory is formatted only when it holds no {@code meta.properties}, so a broker restarted on the same
 * directory keeps its topics and offsets (the demo relies on that; tests use a fresh directory).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    // Held in static fields: JUL keeps loggers weakly, and a collected logger forgets its level.
    private static final List<Logger> QUIET = new ArrayList<>();

    static {
        for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger", "org.apache.zookeeper")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIET.add(logger);
        }
    }

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private final BrokerSecurity security;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path logDir, int port, int controllerPort, BrokerSecurity security) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.security = security;
    }

    /** Starts a PLAINTEXT broker on the given port (0 picks a free one) with its data under {@code logDir}. */
    public static EmbeddedKafkaBroker start(Path logDir, int port) {
        return start(logDir, port, null);
    }

    /**
     * Starts a broker whose one client listener is SASL_SSL (SCRAM-SHA-512 and PLAIN over TLS) when {@code security}
     * is given, PLAINTEXT when it is null; its SCRAM users exist once this returns.
     */
    public static EmbeddedKafkaBroker start(Path logDir, int port, BrokerSecurity security) {
        try {
            Files.createDirectories(logDir);
            int p = port == 0 ? freePort() : port;
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(logDir, p, freePort(), security);
            broker.startServer();
            if (security != null) broker.createScramUsers();
            return broker;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the embedded Kafka broker under " + logDir, e);
        }
    }

    private void startServer() {
        Properties props = brokerProperties();
        KafkaConfig config = KafkaConfig.fromProps(props, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format();
        }
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        awaitReady();
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        if (security == null) {
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        } else {
            p.putAll(security.brokerProperties(port, controllerPort));
        }
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "3");
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("log.flush.interval.messages", String.valueOf(Long.MAX_VALUE));
        // the demo broker runs for hours: keep a week of data but cap segments so restarts stay quick
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        p.put("message.max.bytes", String.valueOf(16 * 1024 * 1024));
        return p;
    }

    private void format() {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log dir " + logDir, e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Admin admin = admin()) {
                admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                return;
            } catch (Exception e) {
                last = e;
            }
        }
        throw new IllegalStateException("embedded Kafka did not become ready on port " + port, last);
    }

    /** An Admin client of this broker (on a secured broker, logged in as the broker itself). */
    public Admin admin() {
        return Admin.create(adminProperties(security == null ? Map.of() : security.brokerClientProperties()));
    }

    private Map<String, Object> adminProperties(Map<String, Object> login) {
        Map<String, Object> p = new HashMap<>(login);
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return p;
    }

    /**
     * Creates the SCRAM-SHA-512 users through the Admin API (KRaft keeps them in its metadata) and waits until each
     * can log in, so that a client started right after this finds its user.
     */
    private void createScramUsers() {
        if (security.scramUsers().isEmpty()) return;
        try (Admin admin = admin()) {
            List<UserScramCredentialAlteration> upserts = new ArrayList<>();
            security.scramUsers().forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)));
            admin.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the SCRAM users " + security.scramUsers().keySet(), e);
        }
        security.scramUsers().forEach((user, password) -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try (Admin admin = Admin.create(adminProperties(security.clientProperties(user, password, BrokerSecurity.MECHANISM_SCRAM)))) {
                    admin.describeCluster().clusterId().get(10, TimeUnit.SECONDS);
                    return;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) throw new IllegalStateException("SCRAM user " + user + " cannot log in", e);
                }
                sleep(200);
            }
        });
    }

    /** Creates the topics that do not exist yet. */
    public void createTopics(Collection<String> topics, int partitions) {
        try (Admin admin = admin()) {
            createTopics(admin, topics, partitions);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + topics + " on " + bootstrapServers(), e);
        }
    }

    /** Creates the topics that do not exist yet on any PLAINTEXT broker. */
    public static void createTopics(String bootstrapServers, Collection<String> topics, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            createTopics(admin, topics, partitions);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics " + topics + " on " + bootstrapServers, e);
        }
    }

    private static void createTopics(Admin admin, Collection<String> topics, int partitions) throws Exception {
        Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
        List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t))
                .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
        if (missing.isEmpty()) return;
        try {
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) throw e;
        }
    }

    /** The security of this broker's listener; null for PLAINTEXT. */
    public BrokerSecurity security() {
        return security;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }
}
