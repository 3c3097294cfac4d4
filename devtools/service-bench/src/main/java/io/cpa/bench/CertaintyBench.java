package io.cpa.bench;

import io.cpa.confidence.ConfidenceSource;
import io.cpa.confidence.InternalConfidence;
import io.cpa.event.AnswerEvent;
import io.cpa.event.EventJson;
import io.cpa.event.Topics;
import io.cpa.launcher.ChildProcess;
import io.cpa.launcher.Components;
import io.cpa.launcher.Ports;
import io.cpa.question.ChoiceOption;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Sustained certainty throughput of the packaged certainty-service at max concurrency C, with the simulator
 * answering every certainty call after a fixed latency L: the ceiling is C / L calls per second.
 * <pre>
 * java -cp devtools/service-bench/target/service-bench-0.1.0-SNAPSHOT.jar:devtools/service-bench/target/lib/* io.cpa.bench.CertaintyBench \
 *      --concurrency=64,256 --seconds=30 --latencyMs=200
 * </pre>
 * Per C: a fresh broker, the answers produced up front (enough for warm-up and the window), the service started,
 * certainties counted as they arrive; the rate is taken over {@code seconds} after {@code warmup} seconds, with the
 * service's CPU time (user + system, from /proc) and RSS at the end.
 */
public final class CertaintyBench {
    private CertaintyBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Map.of("concurrency", "64,256", "seconds", "30", "warmup", "8", "latencyMs", "200",
                "jar", "certainty-service/target/quarkus-app/quarkus-run.jar", "heap", "512m"));
        System.out.printf("%6s %10s %10s %7s %10s %9s %10s %12s%n", "C", "ceiling/s", "achieved/s", "ratio", "cpu-cores", "rss-MiB",
                "in-flight", "call-ms");
        for (String c : args.get("concurrency").split(",")) {
            Result r = run(Integer.parseInt(c.strip()), args);
            System.out.printf("%6d %10.0f %10.1f %6.1f%% %10.2f %9.0f %10.1f %12.1f%n", r.concurrency, r.ceiling, r.rate,
                    100 * r.rate / r.ceiling, r.cpuCores, r.rssMiB, r.meanInFlight, r.meanCallMs);
        }
    }

    /**
     * @param meanInFlight mean of the service's in-flight gauge sampled during the window: near C means the service
     *                     kept its concurrency full, and the rate is then C over the time one answer takes
     * @param meanCallMs   mean duration of the certainty calls in the window, as the certainty events report it
     */
    record Result(int concurrency, double ceiling, double rate, double cpuCores, double rssMiB, double meanInFlight, double meanCallMs) {}

    private static double gauge(java.net.http.HttpClient http, int port, String name) {
        try {
            String body = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/q/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith(name + "{") || line.startsWith(name + " ")) return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        } catch (Exception e) {
            // a missed sample
        }
        return Double.NaN;
    }

    static Result run(int concurrency, Args args) throws Exception {
        int latencyMs = args.integer("latencyMs");
        double ceiling = concurrency * 1000.0 / latencyMs;
        int seconds = args.integer("seconds");
        int warmup = args.integer("warmup");
        int answers = (int) Math.ceil(ceiling * (seconds + warmup + 5) * 1.15);
        try (Infra infra = new Infra(Map.of("latencyMs", String.valueOf(latencyMs), "threads", String.valueOf(Math.max(512, 2 * concurrency))))) {
            String bootstrap = infra.broker.bootstrapServers();
            produce(bootstrap, answers);
            Path log = Path.of(System.getProperty("java.io.tmpdir"), "cpa-bench-certainty-" + concurrency + ".log");
            try (ChildProcess service = ChildProcess.start(Components.quarkusApp("certainty-service", Path.of(args.get("jar")), Ports.free(), args.get("heap"), Map.of(
                    "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                    "CPA_MODEL_BASE_URL", infra.simulator.baseUrl(),
                    "CPA_MODEL_NAME", "cpa-simulator",
                    "CPA_CERTAINTY_MAX_CONCURRENCY", String.valueOf(concurrency)), log, List.of()), Duration.ofSeconds(120));
                 KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                         ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                         ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                         ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.CERTAINTIES));
                long count = 0;
                long first = 0;
                long windowStart = 0;
                long windowStartCount = 0;
                double cpuStart = 0;
                double inFlightSum = 0;
                int inFlightSamples = 0;
                double callMsSum = 0;
                long calls = 0;
                long lastSample = 0;
                java.net.http.HttpClient metrics = java.net.http.HttpClient.newHttpClient();
                long deadline = System.nanoTime() + Duration.ofSeconds(seconds + warmup + 120).toNanos();
                while (System.nanoTime() < deadline) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    count += records.count();
                    long now = System.nanoTime();
                    if (windowStart > 0) {
                        for (var r : records) {
                            callMsSum += EventJson.readCertainty(r.value()).latencyMs();
                            calls++;
                        }
                        if (now - lastSample > 500_000_000L) {
                            double g = gauge(metrics, service.port(), "cpa_certainty_in_flight");
                            if (!Double.isNaN(g)) {
                                inFlightSum += g;
                                inFlightSamples++;
                            }
                            lastSample = now;
                        }
                    }
                    if (first == 0 && count > 0) first = now;
                    if (first > 0 && windowStart == 0 && now - first >= Duration.ofSeconds(warmup).toNanos()) {
                        windowStart = now;
                        windowStartCount = count;
                        cpuStart = service.cpuSeconds();
                    }
                    if (windowStart > 0 && now - windowStart >= Duration.ofSeconds(seconds).toNanos()) {
                        double elapsed = (now - windowStart) / 1e9;
                        double rate = (count - windowStartCount) / elapsed;
                        double cpu = (service.cpuSeconds() - cpuStart) / elapsed;
                        return new Result(concurrency, ceiling, rate, cpu, service.rssMiB(), inFlightSum / inFlightSamples,
                                callMsSum / Math.max(1, calls));
                    }
                }
                throw new IllegalStateException("no steady window reached: " + count + " certainties; see " + log);
            }
        }
    }

    private static void produce(String bootstrap, int n) {
        Random random = new Random(7);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new StringSerializer())) {
            List<ChoiceOption> options = List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library"),
                    new ChoiceOption("C", "a bakery"), new ChoiceOption("D", "a stadium"), new ChoiceOption("E", "a forest"));
            for (int i = 0; i < n; i++) {
                String id = new UUID(random.nextLong(), random.nextLong()).toString();
                String chosen = options.get(random.nextInt(options.size())).label();
                double ic = 0.5 + 0.5 * random.nextDouble();
                AnswerEvent e = new AnswerEvent(AnswerEvent.SCHEMA_VERSION, id, Instant.now(), "cpa-simulator", "bench", "benchmark",
                        "openai-chat", i, "q" + (i % 500), "Question " + (i % 500) + ": where would you borrow a book?", options,
                        chosen, chosen, null, null, null, new InternalConfidence(ic, "option-ratio", 1, chosen, null),
                        ConfidenceSource.LOGPROBS, 0.2);
                producer.send(new ProducerRecord<>(Topics.ANSWERS, id, EventJson.write(e)));
            }
            producer.flush();
        }
    }
}
