package io.cpa.certainty.service;

import io.cpa.client.HttpTransport;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

/**
 * The model calls on Vert.x's HTTP client, over the service's own event loops: a reply completes its call on the event
 * loop that read it, with no handoff to another pool (the JDK client's worker threads and common pool cost more CPU
 * than the call's own work under hundreds of concurrent calls). HTTP/1.1 connections pooled per host, kept alive
 * unless configured not to; https base URLs are called over TLS with the certificate and host name verified against
 * the JVM's trust store.
 */
@ApplicationScoped
@Typed(VertxHttpTransport.class) // not a candidate for HttpTransport itself: ModelTransport chooses
public class VertxHttpTransport implements HttpTransport {
    private final HttpClient http;

    @Inject
    VertxHttpTransport(Vertx vertx, ElicitationConfig config) {
        this(vertx, config.http().maxConnections().orElse(config.maxConcurrency()), config.http().maxWaiting(),
                config.http().keepAlive());
    }

    VertxHttpTransport(Vertx vertx, int maxConnections, int maxWaiting, boolean keepAlive) {
        this.http = vertx.createHttpClient(new HttpClientOptions()
                        .setProtocolVersion(HttpVersion.HTTP_1_1)
                        .setKeepAlive(keepAlive)
                        .setVerifyHost(true)
                        .setTrustAll(false)
                        .setTryUseCompression(false)
                        .setConnectTimeout(10_000),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(maxWaiting));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    @Override
    public CompletableFuture<Reply> post(URI uri, Map<String, String> headers, String body, Duration timeout) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(uri.toString())
                // waiting for a pooled connection counts against the call's time as well as the silence of the reply
                .setConnectTimeout(timeout.toMillis())
                .setIdleTimeout(timeout.toMillis());
        headers.forEach(options::putHeader);
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        http.request(options)
                .compose(request -> request.send(Buffer.buffer(body)))
                .compose(response -> response.body().map(bytes -> (Reply) new VertxReply(response.statusCode(),
                        bytes.toString(StandardCharsets.UTF_8), response.headers())))
                .onComplete(done -> {
                    if (done.succeeded()) reply.complete(done.result());
                    else reply.completeExceptionally(asTimeout(done.cause(), timeout));
                });
        return reply;
    }

    /** Vert.x's timeouts as the one {@link HttpTransport} promises; every other failure as it is. */
    static Throwable asTimeout(Throwable failure, Duration timeout) {
        if (!(failure instanceof TimeoutException) && !(failure instanceof ConnectTimeoutException)) return failure;
        HttpTimeoutException timedOut = new HttpTimeoutException("no reply within " + timeout.toMillis() + " ms: " + failure.getMessage());
        timedOut.initCause(failure);
        return timedOut;
    }

    private record VertxReply(int status, String body, MultiMap headers) implements Reply {
        @Override
        public String header(String name) {
            return headers.get(name);
        }
    }
}
