package io.cpa.answer.otlp;

import io.cpa.answer.tenant.CallerTenant;
import io.cpa.answer.http.HttpErrors;
import io.cpa.answer.publish.AnswerPublisher;
import io.cpa.answer.publish.Sequences;
import io.cpa.event.AnswerEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /v1/traces}: OTLP/HTTP trace export (protobuf or JSON, gzip or not), LLM spans in, answers out. The
 * HTTP shell only: decoding is {@link OtlpDecoder}, classification {@link SpanClassifier}, answers
 * {@link SpanAnswers}, response bodies {@link OtlpResponses}.
 * <p>401 without a valid key (as the ingest API), 415 for another content type or encoding, 413 above
 * {@code cpa.otlp.max-body-size} (as sent) or {@code max-decoded-size} (inflated), 400 for a body that is not an
 * OTLP export request, naming where; 200 with an empty {@code ExportTraceServiceResponse}, or with
 * {@code partialSuccess} when LLM spans were rejected, once the broker has every answer; 503 (retryable for OTLP
 * exporters; the answer ids repeat, so a retry duplicates nothing downstream) when it has not within
 * {@code publish-timeout}. Error bodies are {@code google.rpc.Status} in the request's encoding.
 */
@ApplicationScoped
public class OtlpRoute {
    public static final String PATH = "/v1/traces";
    private static final Logger LOG = Logger.getLogger(OtlpRoute.class);
    private static final String JSON_KEY = "cpa.otlp.json";

    private final OtlpConfig config;
    private final AnswerPublisher publisher;
    private final Sequences sequences;
    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter rejectedBusy;

    OtlpRoute(OtlpConfig config, AnswerPublisher publisher, Sequences sequences, MeterRegistry registry) {
        this.config = config;
        this.publisher = publisher;
        this.sequences = sequences;
        this.registry = registry;
        this.rejectedBusy = registry.counter("cpa.otlp.requests.busy");
        registry.gauge("cpa.otlp.requests.in.flight", inFlight);
    }

    void routes(@Observes Router router) {
        // before the proxy's catch-all for unknown paths; body handler on a later route, as Vert.x wants
        // orders above -100: after Quarkus' authorization filter (order -100), which applies the path rules of io.cpa.security
        router.post(PATH).order(-91).handler(this::accept);
        router.post(PATH).order(-90)
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodySize()))
                .handler(this::export)
                .failureHandler(ctx -> {
                    if (HttpErrors.forbidden(ctx)) {
                        error(ctx, 403, "the caller's roles do not allow this request (it needs the role ingest)");
                        return;
                    }
                    int status = HttpErrors.status(ctx);
                    if (ctx.failure() != null && status == 500) LOG.warnf("OTLP export failed: %s", ctx.failure().toString());
                    error(ctx, status, status == 413 ? "body larger than " + config.maxBodySize() + " bytes" : "internal error");
                });
    }

    private void accept(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        String mime = type == null ? "" : type.split(";")[0].strip().toLowerCase(Locale.ROOT);
        boolean json = mime.equals(OtlpResponses.JSON);
        ctx.put(JSON_KEY, json);
        // the caller's key or token was checked before any route (io.cpa.security)
        if (!json && !mime.equals(OtlpResponses.PROTOBUF)) {
            error(ctx, 415, "Content-Type must be application/x-protobuf or application/json, was "
                    + (type == null ? "none" : "'" + type + "'"));
        } else if (inFlight.incrementAndGet() > config.maxInFlight()) {
            inFlight.decrementAndGet();
            rejectedBusy.increment();
            ctx.response().putHeader("Retry-After", "1");
            error(ctx, 429, "more than " + config.maxInFlight() + " export requests at once, retry");
        } else {
            // released when the response ends or the connection closes, whichever way the request goes
            ctx.addEndHandler(done -> inFlight.decrementAndGet());
            ctx.next();
        }
    }

    private void export(RoutingContext ctx) {
        boolean json = Boolean.TRUE.equals(ctx.get(JSON_KEY));
        Buffer buffer = ctx.body().buffer();
        byte[] body = buffer == null ? new byte[0] : buffer.getBytes();
        String encoding = ctx.request().getHeader("Content-Encoding");
        SpanAnswers.Settings settings = new SpanAnswers.Settings(config.defaultSource(), config.sourceFromServiceName());
        // decoding and reading up to max-decoded-size bytes is CPU work: off the event loop
        ctx.vertx().<TraceExport>executeBlocking(() -> {
            byte[] plain = OtlpDecoder.inflate(body, encoding, config.maxDecodedSize());
            List<OtlpSpan> spans = json ? OtlpDecoder.json(plain) : OtlpDecoder.protobuf(plain);
            return TraceExport.of(spans, settings, sequences::next, Instant.now());
        }, false).onComplete(result -> {
            if (result.failed()) {
                if (result.cause() instanceof OtlpException e) {
                    error(ctx, e.status(), e.getMessage());
                } else {
                    LOG.warnf("OTLP export failed: %s", result.cause().toString());
                    error(ctx, 500, "internal error");
                }
                return;
            }
            TraceExport export = result.result();
            count(export);
            publish(ctx, json, export);
        });
    }

    private void publish(RoutingContext ctx, boolean json, TraceExport export) {
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        String tenant = CallerTenant.ofData(ctx);
        for (SpanAnswers.Answered a : export.answers()) sends.add(publish(a.event().withTenant(tenant)));
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> ctx.vertx().runOnContext(v -> {
            if (error != null) {
                error(ctx, 503, "could not publish the answers, retry (the answer ids repeat): "
                        + (error.getCause() != null ? error.getCause() : error));
                return;
            }
            ctx.response().setStatusCode(200).putHeader("Content-Type", json ? OtlpResponses.JSON : OtlpResponses.PROTOBUF)
                    .end(Buffer.buffer(OtlpResponses.export(json, export.rejected().size(), export.errorMessage())));
        }));
    }

    private CompletableFuture<Void> publish(AnswerEvent event) {
        try {
            return publisher.publish(event).toCompletableFuture().orTimeout(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private void count(TraceExport export) {
        for (SpanAnswers.Answered a : export.answers()) {
            registry.counter("cpa.otlp.answers", "convention", a.convention().tag, "logprobs", a.logprobs()).increment();
        }
        for (SpanAnswers.Ignored i : export.ignored()) registry.counter("cpa.otlp.spans.ignored", "reason", i.reason()).increment();
        for (SpanAnswers.Rejected r : export.rejected()) registry.counter("cpa.otlp.spans.rejected", "reason", r.reason()).increment();
    }

    private static void error(RoutingContext ctx, int status, String message) {
        if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
        }
        boolean json = Boolean.TRUE.equals(ctx.get(JSON_KEY));
        ctx.response().setStatusCode(status).putHeader("Content-Type", json ? OtlpResponses.JSON : OtlpResponses.PROTOBUF)
                .end(Buffer.buffer(OtlpResponses.status(json, status, message)));
    }
}
