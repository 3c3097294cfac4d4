package io.cpa.answer.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.cpa.answer.auth.ApiKeyCheck;
import io.cpa.answer.http.HttpErrors;
import io.cpa.answer.model.AnswerEvents;
import io.cpa.answer.model.LogprobCapability;
import io.cpa.answer.model.ModelConfig;
import io.cpa.answer.publish.BufferedAnswerPublisher;
import io.cpa.answer.publish.Sequences;
import io.cpa.logprob.LogprobParsers;
import io.cpa.logprob.TokenLogprobs;
import io.cpa.question.ChoiceOption;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /v1/chat/completions}: forwards to the configured upstream and returns its reply to the caller as it
 * came (status, content type, body bytes; server-sent events chunk by chunk as they arrive), then publishes the
 * answer. All I/O is Vert.x's non-blocking HTTP, on the event loop; publishing is fire-and-forget into a bounded
 * buffer, so Kafka never delays or fails a caller. See {@link ChatExchange} for the one case the bytes differ.
 */
@ApplicationScoped
public class ProxyRoute {
    private static final Logger LOG = Logger.getLogger(ProxyRoute.class);
    public static final String PATH = "/v1/chat/completions";
    /** Response headers that describe the connection, not the reply: never copied. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "content-length",
            "proxy-connection", "te", "trailer", "upgrade");
    /** Request headers of the OpenAI SDKs worth passing on. */
    private static final List<String> FORWARDED = List.of("User-Agent", "OpenAI-Organization", "OpenAI-Project", "OpenAI-Beta");

    private final ModelConfig model;
    private final ProxyConfig config;
    private final ApiKeyCheck auth;
    private final BufferedAnswerPublisher out;
    private final Sequences sequences;
    private final LogprobCapability capability;
    private final HttpClient http;
    private final String upstream;
    /** Models that answered a logprobs request with 400/403: asked without logprobs from then on. */

    ProxyRoute(Vertx vertx, ModelConfig model, ProxyConfig config, ApiKeyCheck auth, BufferedAnswerPublisher out, Sequences sequences,
               LogprobCapability capability) {
        this.capability = capability;
        this.model = model;
        this.config = config;
        this.auth = auth;
        this.out = out;
        this.sequences = sequences;
        String base = model.baseUrl().endsWith("/") ? model.baseUrl().substring(0, model.baseUrl().length() - 1) : model.baseUrl();
        this.upstream = base + "/chat/completions";
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.maxConnections())
                .setKeepAlive(true)
                .setTryUseCompression(false)
                .setConnectTimeout(10_000));
    }

    void routes(@Observes Router router) {
        // Vert.x wants body handlers first on a route: the key is checked on an earlier route of the same path
        router.post(PATH).order(-101).handler(this::authenticate);
        router.post(PATH).order(-100)
                .handler(BodyHandler.create(false).setBodyLimit(config.maxBodySize()))
                .handler(this::proxy)
                .failureHandler(ctx -> {
                    int status = HttpErrors.status(ctx);
                    if (ctx.failure() != null) LOG.warnf("proxy request failed: %s", ctx.failure().toString());
                    HttpErrors.openAi(ctx, status, status == 413 ? "request body larger than " + config.maxBodySize() + " bytes"
                            : "proxy error", status == 413 ? "invalid_request_error" : "proxy_error");
                });
    }

    @PreDestroy
    void close() {
        http.close();
    }

    private void authenticate(RoutingContext ctx) {
        if (auth.accepts(ctx, config.passThroughKey())) {
            ctx.next();
        } else {
            HttpErrors.openAi(ctx, 401, "missing or unknown API key for the monitoring proxy", "invalid_request_error");
        }
    }

    private void proxy(RoutingContext ctx) {
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        ChatExchange.Prepared prepared;
        try {
            prepared = ChatExchange.prepare(body, model.topLogprobs());
        } catch (IllegalArgumentException notJson) {
            // not ours to judge: the upstream answers it, and there is no answer to publish
            forward(ctx, body, null, false);
            return;
        }
        String modelName = prepared.request().path("model").asText(model.name());
        if (prepared.strip() && capability.refuses(modelName)) {
            forward(ctx, body, prepared, false);
            return;
        }
        forward(ctx, prepared.upstreamBody(), prepared, prepared.strip());
    }

    /** Sends {@code body} upstream; {@code strip}: the proxy added logprobs and removes them from the reply. */
    private void forward(RoutingContext ctx, byte[] body, ChatExchange.Prepared prepared, boolean strip) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(upstream)
                .setIdleTimeout(model.timeout().toMillis());
        MultiMap headers = options.getHeaders() == null ? MultiMap.caseInsensitiveMultiMap() : options.getHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Accept", Optional.ofNullable(ctx.request().getHeader("Accept")).orElse("application/json"));
        headers.set("Accept-Encoding", "identity");
        for (String h : FORWARDED) {
            String v = ctx.request().getHeader(h);
            if (v != null) headers.set(h, v);
        }
        String authorization = config.passThroughKey() ? ctx.request().getHeader("Authorization")
                : model.apiKey().map(k -> "Bearer " + k).orElse(null);
        if (authorization != null) headers.set("Authorization", authorization);
        options.setHeaders(headers);
        Instant started = Instant.now();
        http.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .onFailure(error -> HttpErrors.openAi(ctx, 502, "upstream model unreachable: " + error.getClass().getSimpleName()
                        + (error.getMessage() == null ? "" : " " + error.getMessage()), "proxy_error"))
                .onSuccess(response -> {
                    boolean ok = response.statusCode() / 100 == 2;
                    boolean sse = response.getHeader("Content-Type") != null
                            && response.getHeader("Content-Type").toLowerCase(Locale.ROOT).startsWith("text/event-stream");
                    if (ok && sse) {
                        stream(ctx, response, prepared, strip, started);
                    } else {
                        whole(ctx, response, prepared, strip, started);
                    }
                });
    }

    private void whole(RoutingContext ctx, HttpClientResponse response, ChatExchange.Prepared prepared, boolean strip, Instant started) {
        response.body().onFailure(error -> HttpErrors.openAi(ctx, 502, "upstream reply broken off", "proxy_error"))
                .onSuccess(buffer -> {
                    byte[] bytes = buffer.getBytes();
                    int status = response.statusCode();
                    if (strip && (status == 400 || status == 403)
                            && new String(bytes, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).contains("logprob")) {
                        // this model refuses logprobs (reasoning models do): ask as the caller asked, remember it
                        capability.rememberRefusal(prepared.request().path("model").asText(model.name()));
                        forward(ctx, ChatExchange.withoutLogprobs(prepared.request()), prepared, false);
                        return;
                    }
                    boolean ok = status / 100 == 2;
                    byte[] toCaller = ok && strip ? ChatExchange.stripLogprobs(bytes) : bytes;
                    HttpServerResponse reply = ctx.response().setStatusCode(status);
                    copyHeaders(response, reply);
                    reply.end(Buffer.buffer(toCaller)).onComplete(sent -> {
                        if (ok && prepared != null) publish(ctx, prepared, List.of(bytes), false, started);
                    });
                });
    }

    private void stream(RoutingContext ctx, HttpClientResponse response, ChatExchange.Prepared prepared, boolean strip, Instant started) {
        HttpServerResponse reply = ctx.response().setStatusCode(response.statusCode());
        copyHeaders(response, reply);
        reply.setChunked(true);
        SseEvents events = new SseEvents();
        List<byte[]> collected = new ArrayList<>();
        reply.closeHandler(closed -> response.request().reset());
        response.handler(chunk -> {
            List<byte[]> complete = events.feed(chunk.getBytes());
            collected.addAll(complete);
            if (strip) {
                for (byte[] e : complete) reply.write(Buffer.buffer(SseEvents.stripLogprobs(e)));
            } else {
                reply.write(chunk);
            }
            if (reply.writeQueueFull()) {
                response.pause();
                reply.drainHandler(drained -> response.resume());
            }
        });
        response.exceptionHandler(error -> {
            LOG.warnf("upstream stream broken off: %s", error.toString());
            reply.reset();
        });
        response.endHandler(end -> {
            if (strip && events.rest().length > 0) reply.write(Buffer.buffer(events.rest()));
            reply.end().onComplete(sent -> {
                if (prepared != null) publish(ctx, prepared, collected, true, started);
            });
        });
    }

    private static void copyHeaders(HttpClientResponse from, HttpServerResponse to) {
        from.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) to.headers().add(h.getKey(), h.getValue());
        });
    }

    /** After the reply went out: the answer event, into the bounded buffer. Never throws. */
    private void publish(RoutingContext ctx, ChatExchange.Prepared prepared, List<byte[]> reply, boolean streamed, Instant started) {
        try {
            String app = ctx.request().getHeader("X-CPA-App");
            String route = ctx.request().getHeader("X-CPA-Route");
            String source = app != null && route != null ? AnswerEvents.label(app, "") + "/" + AnswerEvents.label(route, "")
                    : AnswerEvents.label(route != null ? route : app, config.defaultSource());
            ProxiedReply r = ProxiedReply.read(reply, streamed);
            if (r == null) return;
            String modelName = AnswerEvents.label(prepared.request().path("model").asText(null), model.name());
            String user = ChatExchange.lastUserText(prepared.request());
            Optional<AnswerPromptParser.Parsed> mc = AnswerPromptParser.parse(user);
            String question = mc.map(AnswerPromptParser.Parsed::question).orElse(user == null ? "" : user);
            List<ChoiceOption> options = mc.map(AnswerPromptParser.Parsed::options).orElse(List.of());
            JsonNode temperature = prepared.request().path("temperature");
            out.offer(AnswerEvents.of(new AnswerEvents.Answer(UUID.randomUUID().toString(), started, modelName, source,
                    "proxy", streamed ? "openai-chat-stream" : "openai-chat", sequences.next(), question, options,
                    r.content(), null, r.logprobs(), r.noLogprobsReason(),
                    temperature.isNumber() ? temperature.asDouble() : null)));
        } catch (RuntimeException e) {
            LOG.warnf("proxied answer not published: %s", e.toString());
        }
    }

    /** The reply's text and logprobs, from one JSON body or from the events of a stream. */
    record ProxiedReply(String content, TokenLogprobs logprobs, String noLogprobsReason) {
        static ProxiedReply read(List<byte[]> reply, boolean streamed) {
            List<JsonNode> chunks = new ArrayList<>();
            StringBuilder content = new StringBuilder();
            if (streamed) {
                for (byte[] event : reply) {
                    JsonNode chunk = SseEvents.json(event);
                    if (chunk == null) continue;
                    chunks.add(chunk);
                    for (JsonNode choice : chunk.path("choices")) {
                        if (choice.path("index").asInt(0) == 0 && choice.path("delta").path("content").isTextual()) {
                            content.append(choice.path("delta").path("content").asText());
                        }
                    }
                }
                if (chunks.isEmpty()) return null;
            } else {
                JsonNode body = ChatExchange.readOrNull(reply.get(0));
                if (body == null || !body.path("choices").isArray() || body.path("choices").isEmpty()) return null;
                chunks.add(body);
                content.append(body.path("choices").path(0).path("message").path("content").asText(""));
            }
            try {
                TokenLogprobs lp = streamed ? LogprobParsers.openAiChatStream(chunks) : LogprobParsers.openAiChat(chunks.get(0));
                return new ProxiedReply(content.toString(), lp, lp.isEmpty() ? "endpoint returned no logprobs" : null);
            } catch (IllegalArgumentException e) {
                return new ProxiedReply(content.toString(), null, "unreadable logprobs: " + e.getMessage());
            }
        }
    }
}
