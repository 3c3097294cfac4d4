package io.cpa.answer.benchmark;

import com.sun.net.httpserver.HttpServer;
import io.cpa.answer.model.LogprobCapability;
import io.cpa.client.ChatClient;
import io.cpa.client.ModelEndpoint;
import io.cpa.confidence.ConfidenceSource;
import io.cpa.event.AnswerEvent;
import io.cpa.question.ChoiceOption;
import io.cpa.question.Question;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A model that refuses logprobs (as OpenAI's reasoning models do) is remembered; its answers count without IC. */
class LogprobRefusalTest {
    private HttpServer server;
    private final AtomicInteger logprobRequests = new AtomicInteger();
    private final AtomicInteger plainRequests = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = ModelReplies.serve(exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean logprobs = body.contains("\"logprobs\":true");
            (logprobs ? logprobRequests : plainRequests).incrementAndGet();
            int status = logprobs ? 400 : 200;
            String reply = logprobs
                    ? "{\"error\":{\"message\":\"logprobs are not supported with this model\",\"type\":\"invalid_request_error\",\"param\":\"logprobs\"}}"
                    : "{\"model\":\"o-reasoner\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},\"finish_reason\":\"stop\"}]}";
            ModelReplies.send(exchange, status, reply);
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void answersArePublishedWithoutConfidenceAndTheRefusalIsRemembered() {
        Question q = new Question("q1", "sample", "Where are books lent?",
                List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library")), "B");
        ChatClient client = new ChatClient(new ModelEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", null,
                "o-reasoner"), Duration.ofSeconds(10));
        List<AnswerEvent> published = new CopyOnWriteArrayList<>();
        LogprobCapability capability = new LogprobCapability();
        AtomicLong seq = new AtomicLong();
        BenchmarkRun run = new BenchmarkRun("r1", List.of(q), "sample", 5, 0,
                new BenchmarkRun.Settings("o-reasoner", 0.2, 5, 4, 1, null, null), client,
                e -> {
                    published.add(e);
                    return CompletableFuture.completedFuture(null);
                }, seq::incrementAndGet, capability);
        run.run();

        assertThat(published).hasSize(5);
        assertThat(published).allSatisfy(e -> {
            assertThat(e.confidenceSource()).isEqualTo(ConfidenceSource.NONE);
            assertThat(e.confidence().present()).isFalse();
            assertThat(e.confidence().missingReason()).isNotBlank();
            assertThat(e.chosenOption()).isEqualTo("B");
            assertThat(e.correct()).isTrue();
        });
        assertThat(capability.refuses("o-reasoner")).isTrue();
        // asked once with logprobs, then never again
        assertThat(logprobRequests.get()).isEqualTo(1);
        assertThat(plainRequests.get()).isEqualTo(5);
        assertThat(run.status().failed()).isZero();
    }
}
