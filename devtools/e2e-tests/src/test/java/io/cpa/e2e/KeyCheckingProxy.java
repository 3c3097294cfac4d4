package io.cpa.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for the API keys of the analysis-service, until the service checks keys itself: a reverse proxy in front
 * of the real service that lets the static files through and answers {@code /api/...} with 401 when the request has
 * no known {@code X-CPA-Key} and 403 when the key's roles do not include {@code viewer}; everything else, the event
 * stream included, is the real service's reply, streamed as it comes, with the real service's headers.
 */
final class KeyCheckingProxy implements AutoCloseable {
    static final int MAX_SEEN = 10_000;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "keep-alive", "date");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private final HttpClient http = HttpClient.newHttpClient();
    private final String target;
    private final Map<String, Set<String>> rolesByKey;
    /** Each request seen: its method, URI and whether it carried a key (bounded: the test makes a few hundred). */
    private final List<Seen> seen = new ArrayList<>();

    record Seen(String uri, String key) { }

    KeyCheckingProxy(String target, Map<String, Set<String>> rolesByKey) throws IOException {
        this.target = target;
        this.rolesByKey = rolesByKey;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    private synchronized void record(Seen s) {
        if (seen.size() < MAX_SEEN) seen.add(s);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String uri = ex.getRequestURI().toString();
            String key = ex.getRequestHeaders().getFirst("X-CPA-Key");
            record(new Seen(uri, key));
            if (ex.getRequestURI().getPath().startsWith("/api/")) {
                Set<String> roles = key == null ? null : rolesByKey.get(key);
                if (roles == null) {
                    reply(ex, 401, "{\"error\": \"an API key is needed: X-CPA-Key\"}");
                    return;
                }
                if (!roles.contains("viewer") && !roles.contains("admin")) {
                    reply(ex, 403, "{\"error\": \"this key may not read the dashboard's data\"}");
                    return;
                }
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + uri)).GET();
            String accept = ex.getRequestHeaders().getFirst("Accept");
            if (accept != null) forward.header("Accept", accept);
            // passed on, so that the stand-in still works in front of a service that checks keys itself
            if (key != null) forward.header("X-CPA-Key", key);
            HttpResponse<InputStream> r;
            try {
                r = http.send(forward.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            r.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) ex.getResponseHeaders().put(name, values);
            });
            ex.sendResponseHeaders(r.statusCode(), 0);   // chunked: the event stream has no length
            try (InputStream in = r.body(); OutputStream out = ex.getResponseBody()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, n);
                    out.flush();   // each event as it comes
                }
            }
        } catch (IOException e) {
            // the browser closed the stream (a reconnect, the page left): nothing to answer
        }
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        ex.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
