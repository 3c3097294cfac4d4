package io.cpa.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.dataset.DatasetFormat;
import io.cpa.dataset.DatasetLoader;
import io.cpa.event.AnswerEvent;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.SkipEvent;
import io.cpa.event.Topics;
import io.cpa.kafka.EmbeddedKafkaBroker;
import io.cpa.kafka.TopicClient;
import io.cpa.launcher.ChildProcess;
import io.cpa.launcher.Components;
import io.cpa.launcher.Launcher;
import io.cpa.launcher.Ports;
import io.cpa.prompt.CertaintyPromptVariant;
import io.cpa.simulator.ModelSimulator;
import io.cpa.simulator.SimulatorConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mixed-traffic soak: the three packaged services as processes, two simulators as two routes, and
 * {@link MixedTraffic} sending a realistic mix through the proxy for {@code --minutes}. Every {@code --sampleSeconds}
 * it prints each service's health, RSS and the consumer lag of the certainty-service (on {@code cpa.answers}) and of the
 * analysis-service (on {@code cpa.certainties}); at the end it waits for the pipeline to settle and checks the books
 * with {@link OutcomeLedger}: every answer is one certainty or one skip per variant asked, or one dead letter. It
 * exits non-zero when a service was ever unhealthy, the lag did not drain, or an answer is not accounted for.
 * <pre>
 * ./cpa bench-mixed --minutes=30 --rate=10
 * </pre>
 */
public final class MixedSoak {
    /** What a run saw: the books, the samples, and whether every check held. */
    public record Report(OutcomeLedger.Result ledger, List<String> samples, boolean allHealthy, long finalAnswerLag,
                         long finalCertaintyLag, MixedTraffic.Tally traffic, Map<String, JsonNode> simulatorStats) {
        public boolean ok() {
            return ledger.violations().isEmpty() && allHealthy && finalAnswerLag == 0 && finalCertaintyLag == 0;
        }
    }

    private MixedSoak() {}

    public static void main(String[] argv) throws Exception {
        Report r = run(argv);
        System.exit(r.ok() ? 0 : 1);
    }

    public static Report run(String[] argv) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("root", System.getProperty("cpa.root", "."));
        defaults.put("minutes", "30");
        defaults.put("rate", "10");
        defaults.put("sampleSeconds", "60");
        defaults.put("settleSeconds", "300");
        defaults.put("variants", "cqp,numeric");
        defaults.put("mix", "");
        defaults.put("seed", "1");
        Args args = new Args(argv, defaults);
        Path root = Path.of(args.get("root")).toAbsolutePath().normalize();
        List<CertaintyPromptVariant> variants = List.of(args.get("variants").split(",")).stream().map(String::strip)
                .map(CertaintyPromptVariant::byName).toList();
        Path dir = Files.createTempDirectory("cpa-mixed-soak-");
        System.out.printf("mixed soak: %s min at %s req/s, variants %s; logs in %s%n", args.get("minutes"), args.get("rate"),
                args.get("variants"), dir);
        HttpClient http = HttpClient.newHttpClient();
        Components components = new Components(root);
        // closed in reverse: the services stop before the simulators and the broker they use
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0);
             ModelSimulator simA = simulator("cpa-sim-a", 0.42, 11);
             ModelSimulator simB = simulator("cpa-sim-b", 0.1, 12);
             Launcher services = new Launcher()) {
            broker.createTopics(Topics.ALL, 3);
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            env.put("CPA_STATE_DIR", dir.resolve("streams-state").toString());
            env.put("CPA_ROUTES_SIM_A_MODELS", "cpa-sim-a");
            env.put("CPA_ROUTES_SIM_A_BASE_URL", simA.baseUrl());
            env.put("CPA_ROUTES_SIM_B_MODELS", "cpa-sim-b");
            env.put("CPA_ROUTES_SIM_B_BASE_URL", simB.baseUrl());
            env.put("CPA_CERTAINTY_VARIANTS", args.get("variants"));
            // at the heaps of ./cpa demo
            for (String s : List.of("analysis-service", "certainty-service", "answer-service")) {
                services.start(components.service(s, Ports.free(), env, dir.resolve(s + ".log")), Duration.ofSeconds(120));
            }
            MixedTraffic traffic = new MixedTraffic(
                    DatasetLoader.loadResource("io/cpa/dataset/sample-questions.jsonl", DatasetFormat.COMMONSENSE_QA),
                    List.of("cpa-sim-a", "cpa-sim-b"), MixedTraffic.parseMix(args.get("mix")), Long.parseLong(args.get("seed")));
            MixedTraffic.Tally tally = new MixedTraffic.Tally();
            double seconds = Double.parseDouble(args.get("minutes")) * 60;
            String answerUrl = "http://127.0.0.1:" + services.get("answer-service").port();
            Thread sender = new Thread(() -> {
                try {
                    traffic.run(answerUrl, null, Double.parseDouble(args.get("rate")), seconds, Long.MAX_VALUE, 64,
                            Duration.ofSeconds(30), tally);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "mixed-traffic");
            sender.start();
            List<String> samples = new ArrayList<>();
            boolean healthy = true;
            long started = System.nanoTime();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                while (sender.isAlive()) {
                    sender.join(Long.parseLong(args.get("sampleSeconds")) * 1000);
                    String line = sample(http, admin, services, tally, started);
                    healthy &= !line.contains("DOWN");
                    samples.add(line);
                    System.out.println(line);
                }
                // settle: the lag drains and no outcome arrives for a while
                long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args.get("settleSeconds"))).toNanos();
                long answerLag, certaintyLag;
                do {
                    Thread.sleep(5000);
                    answerLag = lag(admin, "certainty-service", Topics.ANSWERS);
                    certaintyLag = lag(admin, "analysis-service", Topics.CERTAINTIES);
                } while ((answerLag > 0 || certaintyLag > 0) && System.nanoTime() < deadline);
                Thread.sleep(5000);
                String last = sample(http, admin, services, tally, started);
                healthy &= !last.contains("DOWN");
                samples.add(last);
                System.out.println(last);

                OutcomeLedger.Result ledger = books(broker.bootstrapServers(), variants);
                Map<String, JsonNode> stats = new LinkedHashMap<>();
                for (ModelSimulator s : List.of(simA, simB)) {
                    stats.put(s.baseUrl(), EventJson.mapper().readTree(get(http, s.baseUrl().replace("/v1", "/sim/stats"))).path("byRequestedModel"));
                }
                Report report = new Report(ledger, samples, healthy, answerLag, certaintyLag, tally, stats);
                print(report);
                return report;
            }
        }
    }

    private static ModelSimulator simulator(String modelId, double rho, long seed) {
        return ModelSimulator.start(SimulatorConfig.fromValues(Map.of("port", "0", "modelId", modelId, "rho", String.valueOf(rho),
                "seed", String.valueOf(seed))));
    }

    private static String sample(HttpClient http, Admin admin, Launcher services, MixedTraffic.Tally tally,
                                 long started) throws Exception {
        StringBuilder sb = new StringBuilder(String.format("t=%4ds sent=%d", (System.nanoTime() - started) / 1_000_000_000L, tally.totalSent()));
        for (ChildProcess service : services.children()) {
            String health;
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/q/health"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                health = r.statusCode() == 200 ? "UP" : "DOWN(" + r.statusCode() + ")";
            } catch (Exception ex) {
                health = "DOWN(" + ex.getClass().getSimpleName() + ")";
            }
            sb.append(String.format(" | %s %s rss=%.0fMiB", service.name(), health, service.rssMiB()));
        }
        sb.append(String.format(" | lag answers=%d certainties=%d", lag(admin, "certainty-service", Topics.ANSWERS),
                lag(admin, "analysis-service", Topics.CERTAINTIES)));
        return sb.toString();
    }

    /** Records of the topic the group has not committed yet, over all partitions. */
    static long lag(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (PartitionInfo p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(tp -> new PartitionInfo(topic, tp.partition(), null, null, null)).toList()) {
            latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        }
        long lag = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata c = committed.get(e.getKey());
            lag += e.getValue().offset() - (c == null ? 0 : c.offset());
        }
        return lag;
    }

    static OutcomeLedger.Result books(String bootstrap, List<CertaintyPromptVariant> variants) {
        List<AnswerEvent> answers = new ArrayList<>();
        for (ConsumerRecord<String, String> r : TopicClient.readAll(bootstrap, Topics.ANSWERS)) {
            try {
                answers.add(EventJson.readAnswer(r.value()));
            } catch (RuntimeException unreadable) {
                // the proxy writes only readable answers; anything else is another producer's and its DLQ's business
            }
        }
        List<CertaintyEvent> certainties = TopicClient.readAll(bootstrap, Topics.CERTAINTIES).stream().map(r -> EventJson.readCertainty(r.value())).toList();
        List<SkipEvent> skips = TopicClient.readAll(bootstrap, Topics.SKIPS).stream().map(r -> EventJson.readSkip(r.value())).toList();
        Map<String, List<String>> dead = new HashMap<>();
        for (ConsumerRecord<String, String> r : TopicClient.readAll(bootstrap, Topics.dlq(Topics.ANSWERS))) {
            Header h = r.headers().lastHeader("dead-letter-reason");
            dead.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(h == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        return OutcomeLedger.account(answers, certainties, skips, dead, variants);
    }


    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void print(Report r) {
        System.out.println("mixed soak: traffic sent\n" + r.traffic().table());
        System.out.printf("mixed soak: %d answers; outcomes:%n", r.ledger().answers());
        r.ledger().outcomes().forEach((k, v) -> System.out.printf("  %-60s %d%n", k, v));
        System.out.printf("mixed soak: calls per requested model name %s%n", r.simulatorStats());
        System.out.printf("mixed soak: every service healthy at every sample: %s; final lag answers=%d certainties=%d%n",
                r.allHealthy(), r.finalAnswerLag(), r.finalCertaintyLag());
        System.out.printf("mixed soak: %d violations%n", r.ledger().violations().size());
        r.ledger().violations().stream().limit(20).forEach(v -> System.out.println("  " + v));
        System.out.println(r.ok() ? "mixed soak: OK" : "mixed soak: FAILED");
    }
}
