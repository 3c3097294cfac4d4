package io.cpa.answer.benchmark;

import com.sun.net.httpserver.HttpServer;
import io.cpa.answer.model.LogprobCapability;
import io.cpa.client.ChatClient;
import io.cpa.client.ModelEndpoint;
import io.cpa.client.RetryPolicy;
import io.cpa.event.AnswerEvent;
import io.cpa.question.ChoiceOption;
import io.cpa.question.Question;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A benchmark run tries a question again on 500, 429 and an unreadable body, against a real HTTP server. */
class BenchmarkRetryTest {
    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean alwaysFail;

    @BeforeEach
    void start() throws IOException {
        server = ModelReplies.serve(exchange -> {
            exchange.getRequestBody().readAllBytes();
            int n = calls.incrementAndGet();
            int status = 200;
            String reply = "{\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},"
                    + "\"logprobs\":{\"content\":[{\"token\":\"B\",\"logprob\":-0.1,\"top_logprobs\":[{\"token\":\"B\",\"logprob\":-0.1},"
                    + "{\"token\":\"A\",\"logprob\":-2.4}]}]},\"finish_reason\":\"stop\"}]}";
            if (alwaysFail) {
                status = 503;
                reply = "{\"error\":{\"message\":\"overloaded\"}}";
            } else if (n % 4 == 1) {
                status = 500;
                reply = "{\"error\":{\"message\":\"boom\"}}";
            } else if (n % 4 == 2) {
                status = 429;
                exchange.getResponseHeaders().add("Retry-After", "0");
                reply = "{\"error\":{\"message\":\"slow down\"}}";
            } else if (n % 4 == 3) {
                reply = "{\"id\":\"x\",\"choices\":[{\"index\":0,\"mess"; // a truncated body
            }
            ModelReplies.send(exchange, status, reply);
        });
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private BenchmarkRun run(List<AnswerEvent> published, int questions) {
        Question q = new Question("q1", "sample", "Where are books lent?",
                List.of(new ChoiceOption("A", "a river"), new ChoiceOption("B", "a library")), "B");
        ChatClient client = new ChatClient(new ModelEndpoint("http://127.0.0.1:" + server.getAddress().getPort() + "/v1", null, "m"),
                Duration.ofSeconds(10));
        AtomicLong seq = new AtomicLong();
        return new BenchmarkRun("r1", List.of(q), "sample", questions, 0,
                new BenchmarkRun.Settings("m", 0.2, 5, 4, 1, null, null), client,
                e -> {
                    published.add(e);
                    return CompletableFuture.completedFuture(null);
                }, seq::incrementAndGet, new LogprobCapability(),
                new RetryPolicy(4, Duration.ofMillis(1), Duration.ofMillis(20)), null);
    }

    @Test
    void everyQuestionIsPublishedOnceAfterTransientFailures() {
        List<AnswerEvent> published = new CopyOnWriteArrayList<>();
        BenchmarkRun run = run(published, 5);
        run.run();
        assertThat(published).hasSize(5);
        assertThat(published).allSatisfy(e -> assertThat(e.confidence().value()).isGreaterThan(0.5));
        assertThat(published.stream().map(AnswerEvent::answerId).distinct()).hasSize(5);
        assertThat(run.status().failed()).isZero();
        assertThat(calls.get()).as("three failures before each success").isEqualTo(20);
    }

    @Test
    void aQuestionStillFailingAfterItsAttemptsCountsAsFailed() {
        alwaysFail = true;
        List<AnswerEvent> published = new CopyOnWriteArrayList<>();
        BenchmarkRun run = run(published, 2);
        run.run();
        assertThat(published).isEmpty();
        assertThat(run.status().failed()).isEqualTo(2);
        assertThat(calls.get()).isEqualTo(8);
    }
}
