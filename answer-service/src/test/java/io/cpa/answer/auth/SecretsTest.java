package io.cpa.answer.auth;

import io.cpa.answer.OpenAiCall;
import io.cpa.answer.UpstreamStub;
import io.cpa.event.Topics;
import io.cpa.kafka.KafkaTestResource;
import io.cpa.kafka.TopicClient;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** No key, the callers' or the upstream's, ever reaches a log line, an event or a metric. */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = UpstreamStub.class, scope = TestResourceScope.GLOBAL)
class SecretsTest {
    private static final List<String> SECRETS = List.of("cpa-key-one-7Hd2", "cpa-key-two-Pq93", UpstreamStub.UPSTREAM_KEY, "sk-caller-guess-4471");

    private static final List<String> TEST_CLIENT_LOGGERS = List.of("jdk.internal.httpclient", "jdk.httpclient", "org.apache.http");

    @TestHTTPResource("/v1")
    URL proxy;

    @Test
    void keysAppearInNoLogLineEventOrMetric() {
        List<String> lines = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
                // the test's own HTTP clients (JDK HttpClient, RestAssured's Apache client) log what they send
                if (TEST_CLIENT_LOGGERS.stream().anyMatch(logger::startsWith)) return;
                String msg = logger + ": " + r.getMessage();
                if (r.getParameters() != null) {
                    for (Object p : r.getParameters()) msg += " " + p;
                }
                if (r.getThrown() != null) msg += " " + r.getThrown();
                lines.add(msg);
            }

            @Override
            public void flush() { }

            @Override
            public void close() { }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        String tag = "t" + UUID.randomUUID().toString().replace("-", "");
        try {
            OpenAiCall.post(proxy.toString(), "cpa-key-one-7Hd2", OpenAiCall.chat("m", tag + " hello", false, null, null));
            OpenAiCall.post(proxy.toString(), "cpa-key-two-Pq93", OpenAiCall.chat("m", tag + " again", true, null, null));
            OpenAiCall.post(proxy.toString(), "sk-caller-guess-4471", OpenAiCall.chat("m", tag + " refused", false, null, null));
            OpenAiCall.post(proxy.toString(), "cpa-key-one-7Hd2", "{not json");
            given().header("X-CPA-Key", "sk-caller-guess-4471").contentType("application/json").body("{}").post("/api/answers");
            given().header("X-CPA-Key", "cpa-key-two-Pq93").contentType("application/json").body("{\"question\": 1}").post("/api/answers");
            try (TopicClient kafka = new TopicClient(KafkaTestResource.bootstrapServers())) {
                List<ConsumerRecord<String, String>> events = kafka.read(Topics.ANSWERS, r -> r.value().contains(tag), 2, Duration.ofSeconds(60));
                assertThat(events).hasSize(2);
                for (ConsumerRecord<String, String> e : events) {
                    for (String s : SECRETS) assertThat(e.value()).doesNotContain(s);
                }
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        String metrics = given().header("X-CPA-Key", io.cpa.answer.UpstreamStub.ADMIN_KEY).get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(lines).isNotEmpty();
        for (String s : SECRETS) {
            assertThat(metrics).doesNotContain(s);
            assertThat(lines.stream().filter(l -> l != null && l.contains(s)).map(l -> l.substring(0, Math.min(300, l.length()))).toList())
                    .isEmpty();
        }
    }
}
