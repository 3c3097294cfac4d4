package io.cpa.e2e;

import io.cpa.kafka.BrokerSecurity;
import io.cpa.launcher.ChildProcess;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged pipeline on a broker that only speaks SASL_SSL: the answer-service and the analysis-service (its
 * channels, its Kafka Streams application, its plain clients) log in with SCRAM-SHA-512, the certainty-service with
 * PLAIN, all over TLS with a certificate made for the run. Answers of a benchmark run must reach the statistics.
 * A service given a wrong password must stop with a message naming user and mechanism, and no password of the run
 * (broker, stores, users, the wrong one) may appear in any process' log.
 */
class KafkaSecurityEndToEndTest {
    static final int ANSWERS = 120;
    static final String SERIES = "cpa-simulator|kafkasec|cqp";

    final String answerPassword = BrokerSecurity.randomPassword();
    final String analysisPassword = BrokerSecurity.randomPassword();
    final String certaintyPassword = BrokerSecurity.randomPassword();
    final String wrongPassword = BrokerSecurity.randomPassword();

    @Test
    void answersFlowOverSaslSslAndAWrongPasswordStopsAServiceWithItsCause() throws Exception {
        try (Pipeline pipeline = new Pipeline("kafkasec", 3, dir -> BrokerSecurity.generate(dir,
                Map.of("cpa-answer", answerPassword, "cpa-analysis", analysisPassword),
                Map.of("cpa-certainty", certaintyPassword)))) {
            BrokerSecurity security = pipeline.broker.security();
            pipeline.startSimulator("--seed=7");
            pipeline.startService("analysis-service", security.serviceEnvironment("cpa-analysis", analysisPassword, BrokerSecurity.MECHANISM_SCRAM));
            pipeline.startService("certainty-service", security.serviceEnvironment("cpa-certainty", certaintyPassword, BrokerSecurity.MECHANISM_PLAIN));
            pipeline.startService("answer-service", security.serviceEnvironment("cpa-answer", answerPassword, BrokerSecurity.MECHANISM_SCRAM));
            // beside them, the same answer-service with a wrong password: it must stop, saying why (started now so
            // that its start-up overlaps the others')
            pipeline.startNamed("answer-wrong-password", "answer-service",
                    security.serviceEnvironment("cpa-answer", wrongPassword, BrokerSecurity.MECHANISM_SCRAM));
            for (String s : List.of("answer-service", "certainty-service", "analysis-service")) {
                pipeline.awaitReady(s, Duration.ofSeconds(180));
            }

            HttpResponse<String> started = pipeline.postJson("answer-service", "/api/runs",
                    "{\"limit\": " + ANSWERS + ", \"ratePerSecond\": 40, \"seed\": 7, \"source\": \"kafkasec\"}");
            assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
            // through the answer-service's producer, the certainty-service's consumer, producer and dedupe tail, and
            // the analysis-service's Kafka Streams application, each logged in as its own user
            var since = pipeline.awaitWindow(SERIES, "since-start", "pairedN", ANSWERS, Duration.ofMinutes(3));
            assertThat(since.path("pairedN").asInt()).isGreaterThanOrEqualTo(ANSWERS);

            ChildProcess refused = pipeline.process("answer-wrong-password");
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (refused.isAlive() && System.nanoTime() < deadline) Pipeline.sleep(500);
            String log = Files.readString(refused.log());
            assertThat(refused.isAlive()).as("still running after 2 minutes; log:%n%s", log).isFalse();
            assertThat(refused.exitValue()).isEqualTo(78);
            assertThat(log).contains("Kafka authentication failed for user 'cpa-answer' via SCRAM-SHA-512 at "
                    + pipeline.broker.bootstrapServers());

            List<String> secrets = new ArrayList<>(security.secrets());
            secrets.add(wrongPassword);
            try (Stream<Path> logs = Files.list(pipeline.runDir)) {
                List<Path> files = logs.filter(p -> p.toString().endsWith(".log")).toList();
                assertThat(files).hasSizeGreaterThanOrEqualTo(5);
                for (Path file : files) {
                    String text = Files.readString(file);
                    for (String secret : secrets) {
                        assertThat(text).as("%s holds a password", file.getFileName()).doesNotContain(secret);
                    }
                }
            }
        }
    }
}
