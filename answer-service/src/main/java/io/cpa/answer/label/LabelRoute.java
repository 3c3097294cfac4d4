package io.cpa.answer.label;

import io.cpa.answer.tenant.CallerTenant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cpa.answer.http.FieldException;
import io.cpa.answer.http.HttpErrors;
import io.cpa.answer.http.JsonBodies;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The labels API, the HTTP shell of the {@link LabelDesk}; keys and content type as the ingest API.
 * <ul>
 *   <li>{@code POST /api/labels}: one label; 202 {@code {labelId, answerId, labeller, status: "accepted"}} once the
 *       broker has it, 200 with {@code status: "duplicate"} when it repeats the labeller's last judgement (nothing
 *       published), 400 {@code {error, field}}, 404 for an unknown answer (after the grace), 503 to retry.</li>
 *   <li>{@code POST /api/labels/batch}: a JSON array; 200 {@code {accepted, duplicates, rejected, results}} with one
 *       result per item in order: {@code {index, code, ...}} and the body the single form would have answered.</li>
 * </ul>
 * 401 without a valid key, 415 for a body not declared JSON, 413 above {@code cpa.labels.max-body-size} or
 * {@code max-batch}.
 */
@ApplicationScoped
public class LabelRoute {
    public static final String PATH = "/api/labels";

    private final LabelsConfig config;
    private final LabelDesk desk;

    LabelRoute(LabelsConfig config, LabelDesk desk) {
        this.config = config;
        this.desk = desk;
    }

    void routes(@Observes Router router) {
        JsonBodies.post(router, PATH, config.maxBodySize(), this::single);
        JsonBodies.post(router, PATH + "/batch", config.maxBodySize(), this::batch);
    }

    private void single(RoutingContext ctx) {
        JsonNode body;
        try {
            body = JsonBodies.read(ctx);
        } catch (FieldException e) {
            HttpErrors.plain(ctx, 400, e.getMessage(), e.field());
            return;
        }
        desk.submit(body, CallerTenant.of(ctx)).thenAccept(outcome -> answer(ctx, outcome.code(), outcome.json()));
    }

    private void batch(RoutingContext ctx) {
        JsonNode body = JsonBodies.batch(ctx, config.maxBatch(), "labels");
        if (body == null) return;
        List<CompletableFuture<LabelOutcome>> outcomes = new ArrayList<>();
        String tenant = CallerTenant.of(ctx);
        for (JsonNode item : body) outcomes.add(desk.submit(item, tenant));
        CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).thenRun(() -> answer(ctx, 200, batchBody(outcomes)));
    }

    /** On the request's own context, unless the caller has gone meanwhile. */
    private static void answer(RoutingContext ctx, int status, ObjectNode body) {
        ctx.vertx().runOnContext(v -> {
            if (ctx.response().ended() || ctx.response().closed()) return;
            ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
        });
    }

    /** Each item's outcome by index; an item's error field is prefixed with its index ({@code [3].score}), as ingest does. */
    static ObjectNode batchBody(List<CompletableFuture<LabelOutcome>> outcomes) {
        ArrayNode results = JsonNodeFactory.instance.arrayNode();
        int accepted = 0;
        int duplicates = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            LabelOutcome o = outcomes.get(i).join();
            ObjectNode r = results.addObject().put("index", i).put("code", o.code());
            r.setAll(o.json());
            if (o.field() != null) r.put("field", "[" + i + "]" + (o.field().isEmpty() ? "" : "." + o.field()));
            if (o.code() == 202) accepted++;
            else if (o.code() == 200) duplicates++;
        }
        ObjectNode reply = JsonNodeFactory.instance.objectNode().put("accepted", accepted).put("duplicates", duplicates)
                .put("rejected", outcomes.size() - accepted - duplicates);
        reply.set("results", results);
        return reply;
    }
}
