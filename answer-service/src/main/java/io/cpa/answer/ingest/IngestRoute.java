package io.cpa.answer.ingest;

import io.cpa.answer.tenant.CallerTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.answer.http.FieldException;
import io.cpa.answer.http.HttpErrors;
import io.cpa.answer.http.JsonBodies;
import io.cpa.answer.publish.AnswerPublisher;
import io.cpa.answer.publish.Sequences;
import io.cpa.event.AnswerEvent;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The ingest API, for applications that call their model themselves.
 * <ul>
 *   <li>{@code POST /api/answers}: one answer; 202 {@code {"answerId"}} once the broker has it.</li>
 *   <li>{@code POST /api/answers/batch}: a JSON array; 200 {@code {"accepted", "rejected", "results"}} with one
 *       result per item ({@code {"index", "answerId"}} or {@code {"index", "error", "field"}}); valid items are
 *       published even when others are not.</li>
 * </ul>
 * 401 without a valid key (when keys are configured), 415 for a body not declared JSON, 413 above
 * {@code cpa.ingest.max-body-size} or {@code max-batch}, 400 {@code {"error", "field"}} naming the failing field,
 * 503 when the broker does not acknowledge within {@code publish-timeout} (retry with the same {@code answerId}:
 * the certainty-service deduplicates on it).
 */
@ApplicationScoped
public class IngestRoute {
    private final IngestConfig config;
    private final AnswerPublisher publisher;
    private final Sequences sequences;

    IngestRoute(IngestConfig config, AnswerPublisher publisher, Sequences sequences) {
        this.config = config;
        this.publisher = publisher;
        this.sequences = sequences;
    }

    void routes(@Observes Router router) {
        JsonBodies.post(router, "/api/answers", config.maxBodySize(), this::single);
        JsonBodies.post(router, "/api/answers/batch", config.maxBodySize(), this::batch);
    }

    private void single(RoutingContext ctx) {
        AnswerEvent event;
        try {
            event = IngestedAnswer.read(JsonBodies.read(ctx), config.defaultSource()).toEvent(sequences.next(), Instant.now())
                    .withTenant(CallerTenant.ofData(ctx));
        } catch (FieldException e) {
            HttpErrors.plain(ctx, 400, e.getMessage(), e.field());
            return;
        }
        publish(event).whenComplete((ok, error) -> ctx.vertx().runOnContext(v -> {
            if (error != null) {
                HttpErrors.plain(ctx, 503, "could not publish the answer, retry with the same answerId: " + HttpErrors.cause(error), null);
            } else {
                ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                        .end(JsonNodeFactory.instance.objectNode().put("answerId", event.answerId()).toString());
            }
        }));
    }

    private void batch(RoutingContext ctx) {
        JsonNode body = JsonBodies.batch(ctx, config.maxBatch(), "answers");
        if (body == null) return;
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        String tenant = CallerTenant.ofData(ctx);
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            ObjectNode result = results.addObject().put("index", i);
            try {
                AnswerEvent event = IngestedAnswer.read(body.get(i), config.defaultSource()).toEvent(sequences.next(), Instant.now())
                        .withTenant(tenant);
                result.put("answerId", event.answerId());
                sends.add(publish(event).handle((ok, error) -> {
                    if (error != null) {
                        synchronized (results) {
                            result.put("error", "could not publish, retry with the same answerId: " + HttpErrors.cause(error));
                        }
                    }
                    return null;
                }));
            } catch (FieldException e) {
                result.put("error", e.getMessage()).put("field", "[" + i + "]" + (e.field().isEmpty() ? "" : "." + e.field()));
            }
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> ctx.vertx().runOnContext(v -> {
            long accepted;
            synchronized (results) {
                accepted = 0;
                for (JsonNode r : results) if (!r.has("error")) accepted++;
            }
            ObjectNode reply = JsonNodeFactory.instance.objectNode().put("accepted", accepted).put("rejected", results.size() - accepted);
            reply.set("results", results);
            ctx.response().setStatusCode(200).putHeader("Content-Type", "application/json").end(reply.toString());
        }));
    }

    private CompletableFuture<Void> publish(AnswerEvent event) {
        try {
            return publisher.publish(event).toCompletableFuture().orTimeout(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
