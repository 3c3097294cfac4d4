package io.cpa.bench;

import io.cpa.event.Topics;
import io.cpa.launcher.ChildProcess;
import io.cpa.launcher.Components;
import io.cpa.launcher.Launcher;
import io.cpa.launcher.Ports;
import io.cpa.launcher.ProcStats;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole pipeline, end to end, on one machine: the embedded broker and the model simulator (no added latency) as
 * processes, the three packaged services as processes, and answers pushed through the ingest batch API.
 * <pre>
 * ./cpa bench-pipeline [--answers=200000 --warmup=10000 --jitQuiet=0.1 --warmupSeconds=300 --batch=100 --clients=4 --rate=0 --pacedSeconds=60 --series=4 --jfr=DIR
 *                      --sampling=1]
 * </pre>
 * With {@code --sampling} below 1 the certainty-service elicits that share of the answers and skips the rest: an
 * answer is then done when its certainty or its skip is on its topic, and the run measures the answer path (ingest,
 * cpa.answers, the sampling decision, the skip and its count); there is no paced run.
 * Two runs on the same processes: a throughput run (answers as fast as {@code clients} callers can post them) and a
 * paced run at {@code rate} answers/s (default half the measured end-to-end rate) for latency. Then the raw Kafka
 * produce-to-consume rate of records of the answers' size on the same broker. CPU per process from /proc, per run.
 */
public final class BenchPipeline {
    private static final String LATENCY_DEFINITION = """
            latency of an answer: answers of a series are numbered k = 1, 2, ... in the order their batches were sent;
            answer k counts as analysed when the harness first reads (read_committed) a snapshot of its series on
            cpa.alignment whose 'received' is at least k; latency = that moment - the time its batch was sent (in the
            paced run the batch's scheduled time, so a late send counts against the pipeline). Exact when a series'
            answers are counted in send order; with reordering inside the pipeline it is the latency of the k-th count.""";

    /** The processes of the product, whose CPU per answer the budget covers (the simulator and harness are apart). */
    private static final java.util.Set<String> SERVICES_AND_BROKER = java.util.Set.of("kafka", "analysis-service",
            "certainty-service", "answer-service");

    private static final int THREAD_GROUPS_SHOWN = 6;

    /** How long each process may take to serve (five JVMs start on a loaded 2-core machine). */
    private static final Duration READY_WITHIN = Duration.ofSeconds(120);

    private BenchPipeline() {}

    public static void main(String[] argv) throws Exception {
        run(argv);
    }

    /** Runs the benchmark, prints its tables and returns what it measured. */
    static Report run(String[] argv) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("answers", "200000");
        defaults.put("warmup", "10000");
        defaults.put("jitQuiet", "0.1");
        defaults.put("warmupSeconds", "300");
        defaults.put("batch", "100");
        defaults.put("clients", "4");
        defaults.put("rate", "0");
        defaults.put("pacedBatch", "10");
        defaults.put("pacedSeconds", "60");
        defaults.put("series", "4");
        defaults.put("partitions", "3");
        defaults.put("rawRecords", "0");
        defaults.put("stallSeconds", "90");
        defaults.put("jfr", "");
        defaults.put("sampling", "1");
        defaults.put("serviceEnv", "");
        defaults.put("root", ".");
        Args args = new Args(argv, defaults);
        return new BenchPipeline.Run(args).run();
    }

    /** What one benchmark measured; cpu per process (and the harness) of the throughput run. */
    record Report(Outcome throughput, Outcome paced, double rawRecordsPerSecond) {}

    /**
     * CPU seconds and wall time of one run, per process, and of those seconds the part of each process's JIT compiler
     * threads (a lower bound, see {@link ProcStats#compilerSeconds}): five JVMs on two cores go on compiling long
     * after a warm-up, and that share says how far a run is from a warm process's steady state.
     */
    record Cpu(Map<String, Double> seconds, Map<String, Double> jitSeconds, Map<String, Map<String, Double>> byThreadGroup,
               double wallSeconds) {
        /** CPU seconds of the three services and the broker, the processes the budget per answer is about. */
        double servicesSeconds() {
            return SERVICES_AND_BROKER.stream().mapToDouble(p -> seconds.getOrDefault(p, 0.0)).sum();
        }

        /** Of {@link #servicesSeconds()}, the JIT compiler threads'. */
        double servicesJitSeconds() {
            return SERVICES_AND_BROKER.stream().mapToDouble(p -> jitSeconds.getOrDefault(p, 0.0)).sum();
        }
    }

    record Outcome(String name, long answers, long accepted, double seconds, double ingestRate, double endToEndRate,
                   double[] sortedLatencyMs, long uncovered, Cpu cpu, long failedBatches, String firstError,
                   double[] ingestCallMs, double[] toCertaintyMs) {}

    static final class Run {
        private final Args args;
        private final Path root;
        private final Launcher processes = new Launcher();
        private boolean cleaned;
        private String bootstrap;
        private CertaintyTail certainties;

        Run(Args args) {
            this.args = args;
            this.root = Path.of(args.get("root")).toAbsolutePath().normalize();
        }

        Report run() throws Exception {
            String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
            Path dir = Files.createTempDirectory("cpa-bench-pipeline-");
            System.out.printf("machine: %d CPUs, load average (1/5/15 min, runnable/threads, last pid) %s; logs in %s%n",
                    Runtime.getRuntime().availableProcessors(), loadBefore, dir);
            // a harness stopped with SIGTERM or Ctrl-C stops its services and broker too, and deletes their data; left
            // running, five JVMs would load the machine the next measurement runs on
            Thread onStop = new Thread(() -> stopAndClean(dir), "bench-pipeline-stop");
            Runtime.getRuntime().addShutdownHook(onStop);
            try {
                startAll(dir);
                int answers = args.integer("answers");
                int series = args.integer("series");
                try (SnapshotTail tail = new SnapshotTail(bootstrap); CertaintyTail certainties = new CertaintyTail(bootstrap)) {
                    this.certainties = certainties;
                    warmUp(tail, series);
                    jcmd("JFR.start", "name=bench", "settings=profile");
                    IngestLoad fast = new IngestLoad(processes.get("answer-service").port(), "bench-t", series, !sampled());
                    System.out.printf("throughput run: %d answers, batches of %d, %d concurrent callers ...%n", answers,
                            args.integer("batch"), args.integer("clients"));
                    Outcome throughput = measure("throughput", fast, tail, answers,
                            () -> fast.asFastAsPossible(answers, args.integer("batch"), args.integer("clients")));
                    print(throughput);
                    jcmd("JFR.stop", "name=bench", "filename={file}");
                    Outcome latency = sampled() ? null : paced(throughput, answers, series, tail);
                    int meanValueBytes = meanAnswerBytes();
                    int raw = args.integer("rawRecords") > 0 ? args.integer("rawRecords") : answers;
                    System.out.printf("raw Kafka: %d records of %d bytes ...%n", raw, meanValueBytes);
                    double rawRate = rawKafka(raw, meanValueBytes);
                    String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
                    report(throughput, latency, raw, meanValueBytes, rawRate, loadBefore, loadAfter);
                    return new Report(throughput, latency, rawRate);
                }
            } finally {
                stopAndClean(dir);
                try {
                    Runtime.getRuntime().removeShutdownHook(onStop);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs or has run
                }
            }
        }

        /** Once, from the run's end or the shutdown hook, whichever comes first. */
        private synchronized void stopAndClean(Path dir) {
            if (cleaned) return;
            cleaned = true;
            processes.close();
            // the logs stay for a look; the broker's data and the Streams state of a 200,000-answer run are GBs
            for (String data : List.of("kafka", "streams-state")) {
                try {
                    deleteTree(dir.resolve(data));
                } catch (java.io.IOException | java.io.UncheckedIOException e) {
                    System.err.println("could not delete " + dir.resolve(data) + ": " + e);
                }
            }
        }

        /**
         * Warm-up rounds of {@code --warmup} answers until the JIT compilers of the services and the broker used at most
         * {@code --jitQuiet} of their CPU in the last round, or {@code --warmupSeconds} have passed. Five JVMs on two
         * cores go on compiling for minutes under full load; a throughput run that starts while they do measures
         * start-up as much as the cost per answer of a running pipeline. {@code --jitQuiet=1} makes it one round.
         */
        private void warmUp(SnapshotTail tail, int series) throws Exception {
            int warmup = args.integer("warmup");
            if (warmup <= 0) return;
            double quiet = Double.parseDouble(args.get("jitQuiet"));
            long deadline = System.nanoTime() + Duration.ofSeconds(args.integer("warmupSeconds")).toNanos();
            // the same series every round: a round of new series would grow the analysis-service's state and metrics
            IngestLoad warm = new IngestLoad(processes.get("answer-service").port(), "bench-w", series, !sampled());
            for (int round = 1; ; round++) {
                long base = done(warm, tail);
                CpuMark start = cpuMark();
                IngestLoad.Result r = warm.asFastAsPossible(warmup, args.integer("batch"), args.integer("clients"));
                awaitDone(warm, tail, base, r.accepted());
                Cpu cpu = cpuSince(start);
                double share = jitShare(cpu);
                System.out.printf("warm-up round %d: %d answers at %.0f/s; the JIT compilers took %.0f%% of the CPU of the "
                        + "services and the broker%n", round, r.accepted(), r.accepted() / cpu.wallSeconds(), 100 * share);
                if (share <= quiet) return;
                if (System.nanoTime() > deadline) {
                    System.out.printf("  still compiling after --warmupSeconds=%s; the throughput run starts anyway%n",
                            args.get("warmupSeconds"));
                    return;
                }
            }
        }

        private static double jitShare(Cpu cpu) {
            return cpu.servicesSeconds() > 0 ? cpu.servicesJitSeconds() / cpu.servicesSeconds() : 0;
        }

        /** The paced run, for latency: {@code --rate}, or half the end-to-end rate of the throughput run. */
        private Outcome paced(Outcome throughput, int answers, int series, SnapshotTail tail) throws Exception {
            double rate = Double.parseDouble(args.get("rate"));
            if (rate <= 0) rate = Math.max(1, Math.floor(throughput.endToEndRate() / 2));
            int pacedAnswers = (int) Math.min(answers, Math.max(args.integer("pacedBatch"), rate * args.integer("pacedSeconds")));
            double pacedRate = rate;
            IngestLoad paced = new IngestLoad(processes.get("answer-service").port(), "bench-p", series, true);
            System.out.printf("paced run: %d answers at %.0f/s in batches of %d ...%n", pacedAnswers, pacedRate,
                    args.integer("pacedBatch"));
            Outcome latency = measure(String.format("paced %.0f/s", pacedRate), paced, tail, pacedAnswers,
                    () -> paced.paced(pacedAnswers, args.integer("pacedBatch"), pacedRate));
            print(latency);
            return latency;
        }

        private static void deleteTree(Path root) throws java.io.IOException {
            if (!Files.exists(root)) return;
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }

        /**
         * Flight recordings of the throughput run only, not of start-up and warm-up: their JIT compilation would
         * otherwise dominate the profiles.
         */
        private void jcmd(String... command) throws Exception {
            if (args.get("jfr").isEmpty()) return;
            Path dir = Path.of(args.get("jfr")).toAbsolutePath();
            for (ChildProcess child : processes.children()) {
                List<String> cmd = new ArrayList<>(List.of("jcmd", String.valueOf(child.pid())));
                for (String c : command) cmd.add(c.replace("{file}", dir.resolve(child.name() + ".jfr").toString()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0) {
                    System.out.printf("  %s failed for %s%n", String.join(" ", command), child.name());
                }
            }
        }

        private void startAll(Path dir) throws Exception {
            if (!args.get("jfr").isEmpty()) Files.createDirectories(Path.of(args.get("jfr")));
            Components components = new Components(root);
            int kafkaPort = Ports.free();
            processes.start(components.kafka(kafkaPort, dir.resolve("kafka"), args.integer("partitions"), dir.resolve("kafka.log")), READY_WITHIN);
            bootstrap = "127.0.0.1:" + kafkaPort;
            int simPort = Ports.free();
            processes.start(components.simulator("model-simulator", simPort, dir.resolve("model-simulator.log"), List.of("--latencyMs=0")),
                    READY_WITHIN);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
            env.put("CPA_MODEL_BASE_URL", "http://127.0.0.1:" + simPort + "/v1");
            env.put("CPA_MODEL_NAME", "cpa-simulator");
            env.put("CPA_STATE_DIR", dir.resolve("streams-state").toString());
            if (sampled()) env.put("CPA_CERTAINTY_SAMPLING_DEFAULT_RATE", args.get("sampling"));
            for (String kv : args.get("serviceEnv").split(";")) {
                if (kv.isBlank()) continue;
                int eq = kv.indexOf('=');
                if (eq < 1) throw new IllegalArgumentException("--serviceEnv takes KEY=VALUE;KEY=VALUE, got " + kv);
                env.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
            }
            // at the heaps of ./cpa demo
            for (String name : List.of("analysis-service", "certainty-service", "answer-service")) {
                processes.start(components.service(name, Ports.free(), env, dir.resolve(name + ".log")), READY_WITHIN);
            }
            System.out.printf("started: %s%n", String.join(", ", processes.names()));
        }

        private boolean sampled() {
            return Double.parseDouble(args.get("sampling")) < 1;
        }

        /** Answers of the run done: counted in a snapshot, or (sampled) ended as a certainty or a skip. */
        private long done(IngestLoad load, SnapshotTail tail) {
            if (sampled()) return certainties.outcomes(load.prefix()).count();
            long total = 0;
            for (int s = 0; s < args.integer("series"); s++) total += tail.latestReceived(load.source(s));
            return total;
        }

        private Map<String, Map<Long, ProcStats.ThreadCpu>> threadsNow() {
            Map<String, Map<Long, ProcStats.ThreadCpu>> m = new LinkedHashMap<>();
            for (ChildProcess child : processes.children()) m.put(child.name(), ProcStats.threadCpuSeconds(child.pid()));
            m.put("harness", ProcStats.threadCpuSeconds(ProcessHandle.current().pid()));
            return m;
        }

        private Map<String, Double> cpuNow() throws Exception {
            Map<String, Double> m = new LinkedHashMap<>();
            for (ChildProcess child : processes.children()) m.put(child.name(), child.cpuSeconds());
            m.put("harness", ProcStats.cpuSeconds(ProcessHandle.current().pid()));
            return m;
        }

        /** Waits until {@code accepted} more answers than {@code base} are done, or nothing moves for stallSeconds. */
        private void awaitDone(IngestLoad load, SnapshotTail tail, long base, long accepted) throws Exception {
            long stall = Duration.ofSeconds(args.integer("stallSeconds")).toNanos();
            long lastTotal = -1;
            long lastChange = System.nanoTime();
            while (true) {
                long total = done(load, tail) - base;
                if (total >= accepted) return;
                if (total != lastTotal) {
                    lastTotal = total;
                    lastChange = System.nanoTime();
                } else if (System.nanoTime() - lastChange > stall) {
                    System.out.printf("  stalled: %d of %d accepted answers counted%n", total, accepted);
                    return;
                }
                for (ChildProcess child : processes.children()) {
                    if (!child.isAlive()) throw new IllegalStateException(child.name() + " exited during the run; see " + child.log());
                }
                Thread.sleep(100);
            }
        }

        /** Each process's CPU, per thread too, and the wall clock at one moment: where a measured stretch starts. */
        private record CpuMark(Map<String, Double> cpu, Map<String, Map<Long, ProcStats.ThreadCpu>> threads, long wallNanos) {}

        private CpuMark cpuMark() throws Exception {
            return new CpuMark(cpuNow(), threadsNow(), System.nanoTime());
        }

        private Cpu cpuSince(CpuMark start) throws Exception {
            Map<String, Double> cpuStart = start.cpu();
            Map<String, Map<Long, ProcStats.ThreadCpu>> threadsStart = start.threads();
            long wallStart = start.wallNanos();
            Map<String, Double> cpuEnd = cpuNow();
            Map<String, Map<Long, ProcStats.ThreadCpu>> threadsEnd = threadsNow();
            double wall = (System.nanoTime() - wallStart) / 1e9;
            Map<String, Double> used = new LinkedHashMap<>();
            Map<String, Double> jit = new LinkedHashMap<>();
            Map<String, Map<String, Double>> byThreadGroup = new LinkedHashMap<>();
            for (String k : cpuEnd.keySet()) {
                used.put(k, cpuEnd.get(k) - cpuStart.get(k));
                Map<String, Double> groups = ProcStats.byThreadGroup(threadsStart.get(k), threadsEnd.get(k));
                byThreadGroup.put(k, groups);
                jit.put(k, ProcStats.compilerSeconds(groups));
            }
            return new Cpu(used, jit, byThreadGroup, wall);
        }

        interface Load {
            IngestLoad.Result run() throws Exception;
        }

        private Outcome measure(String name, IngestLoad load, SnapshotTail tail, int answers, Load work) throws Exception {
            int series = args.integer("series");
            CpuMark start = cpuMark();
            IngestLoad.Result r = work.run();
            awaitDone(load, tail, 0, r.accepted());
            Cpu cpu = cpuSince(start);

            long[][] publish = load.publishNanosBySeries(r);
            List<double[]> parts = new ArrayList<>();
            long lastCounted = r.firstSent();
            long uncovered = 0;
            long counted = 0;
            for (int s = 0; s < series; s++) {
                List<SnapshotTail.Seen> seen = tail.seen(load.source(s));
                long[] at = seen.stream().mapToLong(SnapshotTail.Seen::nanos).toArray();
                long[] received = seen.stream().mapToLong(SnapshotTail.Seen::received).toArray();
                double[] lat = CoverageLatency.latenciesMs(publish[s], at, received);
                parts.add(lat);
                uncovered += publish[s].length - lat.length;
                long finalCount = 0;
                for (long x : received) finalCount = Math.max(finalCount, x);
                counted += finalCount;
                for (int j = 0; j < at.length; j++) {
                    if (received[j] == finalCount) {
                        lastCounted = Math.max(lastCounted, at[j]);
                        break;
                    }
                }
            }
            double[] all = parts.stream().flatMapToDouble(Arrays::stream).toArray();
            Arrays.sort(all);
            if (sampled()) {
                CertaintyTail.Outcomes outcomes = certainties.outcomes(load.prefix());
                counted = outcomes.count();
                lastCounted = outcomes.lastNanos();
            }
            double seconds = (lastCounted - r.firstSent()) / 1e9;
            double ingestSeconds = (r.lastAck() - r.firstSent()) / 1e9;
            return new Outcome(name, answers, r.accepted(), seconds, r.accepted() / ingestSeconds, counted / seconds, all,
                    uncovered, cpu, r.failedBatches(), r.firstError(), r.sortedCallMs(),
                    certainties.sortedMs(load.prefix()));
        }

        private static String p50p99(double[] sorted) {
            return String.format("%.0f / %.0f", CoverageLatency.quantile(sorted, 0.5), CoverageLatency.quantile(sorted, 0.99));
        }

        private static void print(Outcome o) {
            System.out.printf("  %s: %d accepted, counted at %.0f answers/s end to end (ingest %.0f/s); latency p50 %.0f ms, "
                            + "p99 %.0f ms, max %.0f ms%s%s%n", o.name(), o.accepted(), o.endToEndRate(), o.ingestRate(),
                    CoverageLatency.quantile(o.sortedLatencyMs(), 0.5), CoverageLatency.quantile(o.sortedLatencyMs(), 0.99),
                    CoverageLatency.quantile(o.sortedLatencyMs(), 1.0),
                    o.uncovered() > 0 ? "; " + o.uncovered() + " never counted" : "",
                    o.failedBatches() > 0 || o.firstError() != null ? "; " + o.failedBatches() + " batches failed, first error: " + o.firstError() : "");
        }

        /** Mean key + value size of the answer records the services produced. */
        private int meanAnswerBytes() {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.GROUP_ID_CONFIG, "bench-size-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                c.subscribe(List.of(Topics.ANSWERS));
                long bytes = 0;
                int n = 0;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (n < 2000 && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                        bytes += r.serializedValueSize();
                        n++;
                    }
                }
                if (n == 0) throw new IllegalStateException("no answer records to measure");
                return (int) (bytes / n);
            }
        }

        /**
         * Records of the answers' value size (keyed by a UUID, like answers) produced as fast as one producer with the
         * services' settings (acks=all, linger.ms=5) can, and consumed by one consumer, on a fresh topic with the same
         * partitions: records per second from the first send to the last record consumed.
         */
        private double rawKafka(int records, int valueBytes) throws Exception {
            String topic = "bench.raw-" + UUID.randomUUID();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                admin.createTopics(List.of(new NewTopic(topic, args.integer("partitions"), (short) 1))).all().get();
            }
            char[] chars = new char[valueBytes];
            Arrays.fill(chars, 'x');
            String value = new String(chars);
            AtomicLong consumed = new AtomicLong();
            long[] lastConsumed = {0};
            Thread consumer = new Thread(() -> {
                try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ConsumerConfig.GROUP_ID_CONFIG, "bench-raw-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                    c.subscribe(List.of(topic));
                    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
                    while (consumed.get() < records && System.nanoTime() < deadline) {
                        int n = c.poll(Duration.ofMillis(100)).count();
                        if (n > 0) {
                            consumed.addAndGet(n);
                            lastConsumed[0] = System.nanoTime();
                        }
                    }
                }
            }, "raw-consumer");
            consumer.start();
            Thread.sleep(3000); // the consumer's group join, so that it reads while the producer writes
            long start = System.nanoTime();
            try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < records; i++) p.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), value));
                p.flush();
            }
            consumer.join();
            if (consumed.get() < records) throw new IllegalStateException("raw consumer read " + consumed.get() + " of " + records);
            return records / ((lastConsumed[0] - start) / 1e9);
        }

        private void report(Outcome throughput, Outcome paced, int raw, int valueBytes, double rawRate, String loadBefore,
                            String loadAfter) throws Exception {
            System.out.println();
            System.out.printf("machine: %d CPUs; load average at start %s, at end %s%n", Runtime.getRuntime().availableProcessors(),
                    loadBefore, loadAfter);
            System.out.printf("pipeline: ingest batch API -> cpa.answers -> certainty-service (simulator, 0 ms) -> cpa.certainties"
                    + " -> analysis-service -> cpa.alignment; %d partitions, %d series per run%s%n", args.integer("partitions"),
                    args.integer("series"), args.get("serviceEnv").isBlank() ? "" : "; service env " + args.get("serviceEnv"));
            if (sampled()) {
                System.out.printf("elicitation sampled at %s: an answer is done when its certainty or skip is read; end-to-end"
                        + " answers/s = answers done / (last one read - first batch sent); latencies are of the sampled answers%n",
                        args.get("sampling"));
            }
            System.out.println(LATENCY_DEFINITION);
            System.out.println();
            System.out.printf("| run | answers | seconds | ingest/s | end-to-end answers/s | p50 ms | p99 ms | max ms |%n");
            System.out.printf("|---|---|---|---|---|---|---|---|%n");
            for (Outcome o : paced == null ? List.of(throughput) : List.of(throughput, paced)) {
                System.out.printf("| %s | %d | %.1f | %.0f | %.0f | %.0f | %.0f | %.0f |%n", o.name(), o.accepted(), o.seconds(),
                        o.ingestRate(), o.endToEndRate(), CoverageLatency.quantile(o.sortedLatencyMs(), 0.5),
                        CoverageLatency.quantile(o.sortedLatencyMs(), 0.99), CoverageLatency.quantile(o.sortedLatencyMs(), 1.0));
            }
            System.out.println();
            System.out.println("where the time goes (ms, p50 / p99): the ingest call (batch sent or scheduled -> reply; the reply comes"
                    + " after the broker acknowledged every answer), answer ingested -> its certainty record on cpa.certainties"
                    + " (certainty-service queue, model call, publish), and the whole way to the snapshot");
            System.out.println();
            System.out.printf("| run | ingest call | answer -> certainty record | answer sent -> snapshot read |%n");
            System.out.printf("|---|---|---|---|%n");
            for (Outcome o : paced == null ? List.of(throughput) : List.of(throughput, paced)) {
                System.out.printf("| %s | %s | %s | %s |%n", o.name(), p50p99(o.ingestCallMs()), p50p99(o.toCertaintyMs()),
                        p50p99(o.sortedLatencyMs()));
            }
            System.out.println();
            System.out.printf("raw Kafka, same broker: %d records of %d bytes (UUID keys), one producer (acks=all, linger.ms=5), "
                    + "one consumer: %.0f records/s produce->consume; the pipeline's end-to-end rate is %.1f%% of it%n",
                    raw, valueBytes, rawRate, 100 * throughput.endToEndRate() / rawRate);
            System.out.println();
            System.out.printf("| process | CPU s (throughput run) | cores | CPU ms per answer | of which JIT compilers ms | "
                    + "without JIT ms | CPU s (paced run) | cores | peak RSS MiB |%n");
            System.out.printf("|---|---|---|---|---|---|---|---|---|%n");
            double total = 0;
            double totalJit = 0;
            double services = throughput.cpu().servicesSeconds();
            double servicesJit = throughput.cpu().servicesJitSeconds();
            for (String name : throughput.cpu().seconds().keySet()) {
                double peak = name.equals("harness") ? ProcStats.peakResidentKb(ProcessHandle.current().pid()).orElse(-1) / 1024.0
                        : processes.get(name).peakRssMiB();
                double a = throughput.cpu().seconds().get(name);
                double j = throughput.cpu().jitSeconds().get(name);
                double b = paced == null ? Double.NaN : paced.cpu().seconds().get(name);
                total += a;
                totalJit += j;
                System.out.printf("| %s | %.1f | %.2f | %.2f | %.2f | %.2f | %.1f | %.2f | %.0f |%n", name, a,
                        a / throughput.cpu().wallSeconds(), 1000 * a / throughput.accepted(), 1000 * j / throughput.accepted(),
                        1000 * (a - j) / throughput.accepted(), b, paced == null ? Double.NaN : b / paced.cpu().wallSeconds(), peak);
            }
            System.out.printf("| three services and broker | %.1f | %.2f | %.2f | %.2f | %.2f | | | |%n", services,
                    services / throughput.cpu().wallSeconds(), 1000 * services / throughput.accepted(),
                    1000 * servicesJit / throughput.accepted(), 1000 * (services - servicesJit) / throughput.accepted());
            System.out.printf("| all | %.1f | %.2f | %.2f | %.2f | %.2f | | | |%n", total, total / throughput.cpu().wallSeconds(),
                    1000 * total / throughput.accepted(), 1000 * totalJit / throughput.accepted(),
                    1000 * (total - totalJit) / throughput.accepted());
            System.out.println();
            System.out.println("where each process's CPU of the throughput run goes, by thread group (names as the kernel keeps"
                    + " them, 15 characters, numbers as N; a thread that ended during the run is missing), ms per answer:");
            System.out.println();
            System.out.printf("| process | the %d busiest thread groups |%n", THREAD_GROUPS_SHOWN);
            System.out.printf("|---|---|%n");
            throughput.cpu().byThreadGroup().forEach((name, groups) -> System.out.printf("| %s | %s |%n", name,
                    groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                            .limit(THREAD_GROUPS_SHOWN)
                            .map(g -> String.format("%s %.2f", g.getKey(), 1000 * g.getValue() / throughput.accepted()))
                            .collect(java.util.stream.Collectors.joining("; "))));
        }
    }
}
