package io.cpa.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The JDK's {@link HttpClient} as a transport: no dependency beyond the JDK. Its replies arrive on the client's worker
 * threads and continue on the common pool, which costs a thread handoff per call under load; a service with Vert.x at
 * hand can use a transport on its event loops instead.
 */
public final class JdkHttpTransport implements HttpTransport {
    private final HttpClient http;

    /** An HTTP/1.1 client of its own, with a 10 s connect timeout. */
    public JdkHttpTransport() {
        this(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build());
    }

    public JdkHttpTransport(HttpClient http) {
        this.http = http;
    }

    @Override
    public CompletableFuture<Reply> post(URI uri, Map<String, String> headers, String body, Duration timeout) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(timeout).POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(builder::header);
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()).thenApply(JdkReply::new);
    }

    private record JdkReply(HttpResponse<String> response) implements Reply {
        @Override
        public int status() {
            return response.statusCode();
        }

        @Override
        public String body() {
            return response.body();
        }

        @Override
        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }
    }
}
