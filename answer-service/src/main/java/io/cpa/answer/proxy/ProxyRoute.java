package io.cpa.answer.proxy;

import io.cpa.answer.tenant.CallerTenant;
import io.cpa.answer.http.HttpErrors;
import io.cpa.answer.model.AnswerEvents;
import io.cpa.answer.model.LogprobCapability;
import io.cpa.answer.model.ModelConfig;
import io.cpa.answer.publish.BufferedAnswerPublisher;
import io.cpa.answer.publish.Sequences;
import io.cpa.event.AnswerEvent;
import io.cpa.route.ModelRoute;
import io.cpa.route.ModelRoutes;
import io.cpa.security.ApiKeyMechanism;
import io.cpa.security.SecuritySetup;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The OpenAI-compatible entrance: routing and authentication. {@code POST /v1/chat/completions} and
 * {@code POST /v1/responses} go to the route of the request's {@code model} (see {@link ModelRoutes}) with that
 * route's key, or with the caller's own {@code Authorization} on a pass-through route; {@code GET /v1/models} goes to
 * the default route (else the first route by name). Any other path answers OpenAI's error JSON with 404, never an
 * HTML page. The reply reaches the caller through the {@link UpstreamForwarder}; after it went out the answers
 * ({@link ProxiedAnswers}) go fire-and-forget into a bounded buffer, so Kafka never delays or fails a caller.
 */
@ApplicationScoped
public class ProxyRoute {
    private static final Logger LOG = Logger.getLogger(ProxyRoute.class);
    public static final String PATH = "/v1/chat/completions";
    public static final String RESPONSES_PATH = "/v1/responses";
    public static final String MODELS_PATH = "/v1/models";
    /**
     * The id of the answer a 2xx reply becomes, for labelling it ({@code POST /api/labels}): with several choices
     * ({@code n > 1}) choice i's answer is {@code <id>:<i>}. Chosen before the request goes upstream, so a streamed
     * reply carries it too.
     */
    public static final String ANSWER_ID_HEADER = "X-CPA-Answer-Id";

    private final ModelRoutes routes;
    private final ModelConfig model;
    private final ProxyConfig config;
    private final SecuritySetup security;
    private final BufferedAnswerPublisher out;
    private final Sequences sequences;
    private final LogprobCapability capability;
    private final UpstreamForwarder forwarder;

    ProxyRoute(ModelRoutes routes, ModelConfig model, ProxyConfig config, SecuritySetup security, BufferedAnswerPublisher out,
               Sequences sequences, LogprobCapability capability, UpstreamForwarder forwarder) {
        this.routes = routes;
        this.model = model;
        this.config = config;
        this.security = security;
        this.out = out;
        this.sequences = sequences;
        this.capability = capability;
        this.forwarder = forwarder;
    }

    void routes(@Observes Router router) {
        for (Exchange.Api api : Exchange.Api.values()) {
            String path = "/v1" + api.path();
            // the caller was authenticated and authorized before (io.cpa.security): every order above -100 runs after
            // Quarkus' authorization filter (order -100); an order at or below it would skip the path rules
            router.post(path).order(-90)
                    .handler(BodyHandler.create(false).setBodyLimit(config.maxBodySize()))
                    .handler(ctx -> proxy(ctx, api))
                    .failureHandler(ctx -> {
                        if (HttpErrors.forbidden(ctx)) {
                            HttpErrors.openAi(ctx, 403, "this key may not use the proxy: it needs the role ingest",
                                    "invalid_request_error", null, "insufficient_permissions");
                            return;
                        }
                        int status = HttpErrors.status(ctx);
                        if (ctx.failure() != null) LOG.warnf("proxy request failed: %s", ctx.failure().toString());
                        HttpErrors.openAi(ctx, status, status == 413 ? "request body larger than " + config.maxBodySize() + " bytes"
                                : "proxy error", status == 413 ? "invalid_request_error" : "proxy_error");
                    });
        }
        router.get(MODELS_PATH).order(-90).handler(this::models);
        // whatever no route served, under /v1 or anywhere else: OpenAI's error JSON, which clients can read
        router.route().last().handler(ctx -> HttpErrors.openAi(ctx, 404, "Unknown request URL: " + ctx.request().method() + " "
                + ctx.request().path() + ". This proxy serves POST /v1/chat/completions, POST /v1/responses and GET /v1/models.",
                "invalid_request_error", null, "unknown_url"));
    }

    private void models(RoutingContext ctx) {
        ModelRoute route = routes.defaultRoute().orElse(routes.routes().get(0));
        forwarder.send(ctx, HttpMethod.GET, target(ctx, route, "/models"), null, new UpstreamForwarder.Handling() {});
    }

    private UpstreamForwarder.Target target(RoutingContext ctx, ModelRoute route, String path) {
        String authorization = route.passThrough() || config.passThroughKey() ? ctx.request().getHeader("Authorization")
                : route.apiKey().map(k -> "Bearer " + k).orElse(null);
        return new UpstreamForwarder.Target(route.url(path), authorization, route.timeout());
    }

    private void proxy(RoutingContext ctx, Exchange.Api api) {
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        Exchange.Prepared prepared;
        try {
            prepared = Exchange.prepare(api, body, model.topLogprobs());
        } catch (Exchange.BadRequest e) {
            HttpErrors.openAi(ctx, 400, e.getMessage(), "invalid_request_error", e.param(), null);
            return;
        }
        ModelRoute route = routes.routeFor(prepared.model()).orElse(null);
        if (route == null) {
            HttpErrors.openAi(ctx, 404, "The model `" + prepared.model() + "` does not exist or you do not have access to it.",
                    "invalid_request_error", "model", "model_not_found");
            return;
        }
        if (route.passThrough() && !security.open() && ctx.request().getHeader(ApiKeyMechanism.HEADER) == null) {
            // the caller's Authorization goes upstream on this route, so it cannot also be the proxy's key
            HttpErrors.openAi(ctx, 401, "the route of model `" + prepared.model() + "` forwards your Authorization header upstream:"
                    + " send the monitoring proxy's key in " + ApiKeyMechanism.HEADER, "invalid_request_error", null, "invalid_api_key");
            return;
        }
        boolean strip = prepared.strip() && !capability.refuses(prepared.model());
        byte[] upstreamBody = strip ? prepared.upstreamBody() : prepared.callerBody();
        Instant started = Instant.now();
        String answerId = UUID.randomUUID().toString();
        forwarder.send(ctx, HttpMethod.POST, target(ctx, route, api.path()), upstreamBody, new UpstreamForwarder.Handling() {
            @Override
            public byte[] retryBody(int status, byte[] reply) {
                if (!strip || !Exchange.refusesLogprobs(status, reply)) return null;
                // this model refuses logprobs (reasoning models do): ask as the caller asked, and remember it
                capability.rememberRefusal(prepared.model());
                LOG.warnf("model %s refuses logprobs; its answers are published without IC", prepared.model());
                return prepared.callerBody();
            }

            @Override
            public void replyHeaders(MultiMap headers) {
                headers.set(ANSWER_ID_HEADER, answerId);
            }

            @Override
            public boolean rewrites() {
                return strip;
            }

            @Override
            public byte[] body(byte[] upstream) {
                return Exchange.stripLogprobs(prepared, upstream);
            }

            @Override
            public byte[] event(byte[] upstream) {
                return SseEvents.stripLogprobs(prepared, upstream);
            }

            @Override
            public void delivered(List<byte[]> reply, boolean streamed) {
                publish(ctx, prepared, route, reply, streamed, started, answerId);
            }
        });
    }

    /** After the reply went out: the answer events, into the bounded buffer. Never throws. */
    private void publish(RoutingContext ctx, Exchange.Prepared prepared, ModelRoute route, List<byte[]> reply, boolean streamed,
                         Instant started, String answerId) {
        try {
            String app = ctx.request().getHeader("X-CPA-App");
            String via = ctx.request().getHeader("X-CPA-Route");
            String source = app != null && via != null ? AnswerEvents.label(app, "") + "/" + AnswerEvents.label(via, "")
                    : AnswerEvents.label(via != null ? via : app, config.defaultSource());
            ProxiedAnswers.Labels labels = new ProxiedAnswers.Labels(AnswerEvents.label(prepared.model(), prepared.model()),
                    source, route.name());
            String tenant = CallerTenant.ofData(ctx);
            for (AnswerEvent e : ProxiedAnswers.of(prepared, reply, streamed, labels, started, sequences::next, answerId)) {
                out.offer(e.withTenant(tenant));
            }
        } catch (RuntimeException e) {
            LOG.warnf("proxied answer not published: %s", e.toString());
        }
    }
}
