package io.cpa.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The product's components as {@link ServiceSpec}s, from the build output of a checkout: the embedded Kafka broker,
 * the model simulator, the three packaged Quarkus services and the service-bench tools. The one place that knows
 * their jars, main classes, heaps, JVM options and how each shows it is ready.
 */
public final class Components {
    /** The project version, in the jar names of the modules' build output. */
    public static final String VERSION = projectVersion();

    /** The heaps {@code ./cpa demo} gives the services, also what the benchmarks measure at. */
    public static final Map<String, String> SERVICE_HEAPS = Map.of(
            "answer-service", "256m", "certainty-service", "256m", "analysis-service", "384m");
    public static final String KAFKA_HEAP = "512m";
    public static final String SIMULATOR_HEAP = "256m";
    /** The printed line of {@code KafkaBrokerMain} once its topics exist. */
    public static final String KAFKA_READY_LINE = "embedded Kafka ready";

    private final Path root;

    /** @param root the checkout's top folder (where {@code cpa} and the parent pom are) */
    public Components(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The java of the running JVM, so children run on the same Java as the launcher. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code KafkaBrokerMain}: a single-node broker with the product's topics, its data kept in {@code data}. */
    public ServiceSpec kafka(int port, Path data, int partitions, Path log) {
        List<String> cmd = jvm(KAFKA_HEAP, List.of(), classpathOf("devtools/embedded-kafka", "embedded-kafka"), "io.cpa.kafka.KafkaBrokerMain");
        cmd.addAll(List.of("--port=" + port, "--data=" + data.toAbsolutePath(), "--partitions=" + partitions));
        return new ServiceSpec("kafka", cmd, Map.of(), null, log, Readiness.logLine(KAFKA_READY_LINE), port);
    }

    /**
     * The model simulator on {@code port}, knowing the gold answers of the bundled sample questions; ready once it
     * lists its models.
     *
     * @param args more simulator options ({@code --rho=0.42}, {@code --seed=1}, ...)
     */
    public ServiceSpec simulator(String name, int port, Path log, List<String> args) {
        List<String> cmd = jvm(SIMULATOR_HEAP, List.of(), classpathOf("devtools/model-simulator", "model-simulator"), "io.cpa.simulator.ModelSimulator");
        cmd.add("--port=" + port);
        cmd.add("--questionBank=" + existing("common/src/main/resources/io/cpa/dataset/sample-questions.jsonl"));
        cmd.addAll(args);
        return new ServiceSpec(name, cmd, Map.of(), null, log, Readiness.httpOk("http://127.0.0.1:" + port + "/v1/models"), port);
    }

    /** A packaged service of this checkout ({@code module} is {@code answer-service}, ...) at its demo heap. */
    public ServiceSpec service(String module, int port, Map<String, String> env, Path log) {
        return service(module, module, port, heapOf(module), env, log, List.of());
    }

    /** A packaged service of this checkout, called {@code name} (several instances of one module have several names). */
    public ServiceSpec service(String name, String module, int port, String heap, Map<String, String> env, Path log, List<String> jvmArgs) {
        return quarkusApp(name, existing(module + "/target/quarkus-app/quarkus-run.jar"), port, heap, env, log, jvmArgs);
    }

    /**
     * A packaged Quarkus application on {@code port} (set as a system property, which wins over any other source of
     * {@code quarkus.http.port}); ready once {@code /q/health/ready} answers 200.
     *
     * @param jvmArgs more JVM options, e.g. a flight recording
     */
    public static ServiceSpec quarkusApp(String name, Path jar, int port, String heap, Map<String, String> env, Path log, List<String> jvmArgs) {
        if (!Files.isRegularFile(jar)) throw new MissingBuildOutputException(jar);
        List<String> options = new ArrayList<>(List.of("-Dquarkus.http.port=" + port,
                // JDK HttpClient.sendAsync completes on the common pool: at its default parallelism on 2 CPUs (1) the
                // JDK starts a new thread per completion (the certainty-service's image sets the same)
                "-Djava.util.concurrent.ForkJoinPool.common.parallelism=4"));
        options.addAll(jvmArgs);
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx" + heap));
        cmd.addAll(options);
        cmd.addAll(List.of("-jar", jar.toString()));
        return new ServiceSpec(name, cmd, new LinkedHashMap<>(env), null, log,
                Readiness.httpOk("http://127.0.0.1:" + port + "/q/health/ready"), port);
    }

    /** A main class of service-bench as a process (the demo's mixed traffic), ready as soon as it runs. */
    public ServiceSpec serviceBenchProcess(String name, String mainClass, List<String> args, String heap, Path log) {
        return new ServiceSpec(name, serviceBenchCommand(mainClass, args, heap), log, Readiness.running());
    }

    /** The command line of a service-bench main class (the {@code ./cpa bench-*} harnesses). */
    public List<String> serviceBenchCommand(String mainClass, List<String> args, String heap) {
        List<String> cmd = jvm(heap, List.of(), classpathOf("devtools/service-bench", "service-bench"), mainClass);
        cmd.addAll(args);
        return cmd;
    }

    public static String heapOf(String module) {
        String heap = SERVICE_HEAPS.get(module);
        if (heap == null) throw new IllegalArgumentException("no service called " + module + " (known: " + SERVICE_HEAPS.keySet() + ")");
        return heap;
    }

    private static List<String> jvm(String heap, List<String> jvmArgs, String classpath, String mainClass) {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx" + heap));
        cmd.addAll(jvmArgs);
        cmd.addAll(List.of("-cp", classpath, mainClass));
        return cmd;
    }

    /** A plain module's jar and its runtime dependencies (copied to target/lib at package); java expands the '*'. */
    private String classpathOf(String module, String artifact) {
        Path jar = existing(module + "/target/" + artifact + "-" + VERSION + ".jar");
        Path lib = existing(module + "/target/lib");
        return jar + java.io.File.pathSeparator + lib + "/*";
    }

    private Path existing(String relative) {
        Path p = root.resolve(relative);
        if (!Files.exists(p)) throw new MissingBuildOutputException(p);
        return p;
    }

    /** A jar or folder the build makes is not there. */
    public static final class MissingBuildOutputException extends IllegalStateException {
        public MissingBuildOutputException(Path missing) {
            super("missing " + missing + ": build it with ./mvnw -B package -DskipTests");
        }
    }

    private static String projectVersion() {
        try (InputStream in = Components.class.getResourceAsStream("build.properties")) {
            if (in == null) throw new IllegalStateException("build.properties missing from the launcher's class path");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
