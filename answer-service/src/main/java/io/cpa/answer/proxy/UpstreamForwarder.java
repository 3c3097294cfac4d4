package io.cpa.answer.proxy;

import io.cpa.answer.http.HttpErrors;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Sends one request upstream and the reply to the caller as it comes: status, headers (hop-by-hop ones aside) and
 * body bytes; server-sent events chunk by chunk as they arrive, with back-pressure. What the exchange changes (the
 * logprobs the proxy added) and what it does with the reply afterwards is its {@link Handling}'s business. All I/O is
 * Vert.x's non-blocking HTTP, on the event loop.
 */
@ApplicationScoped
public class UpstreamForwarder {
    private static final Logger LOG = Logger.getLogger(UpstreamForwarder.class);
    /** Response headers that describe the connection, not the reply: never copied. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "content-length",
            "proxy-connection", "te", "trailer", "upgrade");
    /** Request headers of the OpenAI SDKs worth passing on. */
    private static final List<String> FORWARDED = List.of("User-Agent", "OpenAI-Organization", "OpenAI-Project", "OpenAI-Beta");

    private final HttpClient http;

    UpstreamForwarder(Vertx vertx, ProxyConfig config) {
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setMaxPoolSize(config.maxConnections())
                .setKeepAlive(true)
                .setTryUseCompression(false)
                .setConnectTimeout(10_000));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    /** Where a request goes: the absolute URL, the Authorization header to send (null: none), the idle timeout. */
    public record Target(String url, String authorization, Duration timeout) {
        @Override
        public String toString() {
            return "Target[" + url + "]"; // never the key
        }
    }

    /** What an exchange does with the reply; the defaults pass everything on unchanged. */
    public interface Handling {
        /** The body to ask again with when this non-2xx reply refuses something the proxy added; null: pass it on. */
        default byte[] retryBody(int status, byte[] body) { return null; }

        /** Whether 2xx replies are rewritten ({@link #body}, {@link #event}); false: the caller gets the upstream's bytes. */
        default boolean rewrites() { return false; }

        /** What the caller gets of a whole 2xx body. */
        default byte[] body(byte[] upstream) { return upstream; }

        /** What the caller gets of one whole server-sent event of a 2xx stream. */
        default byte[] event(byte[] upstream) { return upstream; }

        /** Headers of its own on a 2xx reply, set before the reply's first byte goes out (streamed or not). */
        default void replyHeaders(MultiMap headers) {}

        /** After the caller has the whole 2xx reply: its body, or its events, as the upstream sent them. */
        default void delivered(List<byte[]> reply, boolean streamed) {}
    }

    public void send(RoutingContext ctx, HttpMethod method, Target target, byte[] body, Handling handling) {
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(target.url())
                .setIdleTimeout(target.timeout().toMillis());
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (body != null) headers.set("Content-Type", "application/json");
        headers.set("Accept", Optional.ofNullable(ctx.request().getHeader("Accept")).orElse("application/json"));
        headers.set("Accept-Encoding", "identity");
        for (String h : FORWARDED) {
            String v = ctx.request().getHeader(h);
            if (v != null) headers.set(h, v);
        }
        if (target.authorization() != null) headers.set("Authorization", target.authorization());
        options.setHeaders(headers);
        http.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .onFailure(error -> HttpErrors.openAi(ctx, 502, "upstream model unreachable: " + error.getClass().getSimpleName()
                        + (error.getMessage() == null ? "" : " " + error.getMessage()), "proxy_error", null, null))
                .onSuccess(response -> {
                    boolean ok = response.statusCode() / 100 == 2;
                    String type = response.getHeader("Content-Type");
                    boolean sse = type != null && type.toLowerCase(Locale.ROOT).startsWith("text/event-stream");
                    if (ok && sse) stream(ctx, response, handling);
                    else whole(ctx, method, target, response, handling);
                });
    }

    private void whole(RoutingContext ctx, HttpMethod method, Target target, HttpClientResponse response, Handling handling) {
        response.body().onFailure(error -> HttpErrors.openAi(ctx, 502, "upstream reply broken off", "proxy_error", null, null))
                .onSuccess(buffer -> {
                    byte[] bytes = buffer.getBytes();
                    int status = response.statusCode();
                    boolean ok = status / 100 == 2;
                    if (!ok) {
                        byte[] again = handling.retryBody(status, bytes);
                        if (again != null) {
                            send(ctx, method, target, again, new Handling() {
                                @Override
                                public void replyHeaders(MultiMap headers) {
                                    handling.replyHeaders(headers);
                                }

                                @Override
                                public void delivered(List<byte[]> reply, boolean streamed) {
                                    handling.delivered(reply, streamed);
                                }
                            });
                            return;
                        }
                    }
                    byte[] toCaller = ok && handling.rewrites() ? handling.body(bytes) : bytes;
                    HttpServerResponse reply = ctx.response().setStatusCode(status);
                    copyHeaders(response, reply);
                    if (ok) handling.replyHeaders(reply.headers());
                    reply.end(Buffer.buffer(toCaller)).onComplete(sent -> {
                        if (ok) handling.delivered(List.of(bytes), false);
                    });
                });
    }

    private void stream(RoutingContext ctx, HttpClientResponse response, Handling handling) {
        HttpServerResponse reply = ctx.response().setStatusCode(response.statusCode());
        copyHeaders(response, reply);
        handling.replyHeaders(reply.headers());
        reply.setChunked(true);
        SseEvents events = new SseEvents();
        List<byte[]> collected = new ArrayList<>();
        boolean rewrites = handling.rewrites();
        reply.closeHandler(closed -> response.request().reset());
        response.handler(chunk -> {
            List<byte[]> complete = events.feed(chunk.getBytes());
            collected.addAll(complete);
            if (rewrites) {
                for (byte[] e : complete) reply.write(Buffer.buffer(handling.event(e)));
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
            if (rewrites && events.rest().length > 0) reply.write(Buffer.buffer(events.rest()));
            reply.end().onComplete(sent -> handling.delivered(collected, true));
        });
    }

    private static void copyHeaders(HttpClientResponse from, HttpServerResponse to) {
        from.headers().forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) to.headers().add(h.getKey(), h.getValue());
        });
    }
}
