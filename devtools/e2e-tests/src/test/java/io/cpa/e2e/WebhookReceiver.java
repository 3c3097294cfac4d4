package io.cpa.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.cpa.event.EventJson;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The receiver an Alertmanager webhook posts to: an HTTP server on loopback that keeps every body it gets, in order,
 * and answers 200 (anything else would make Alertmanager retry and post the same group again).
 */
final class WebhookReceiver implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    private final List<String> unreadable = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/alerts", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                try {
                    bodies.add(EventJson.mapper().readTree(body));
                } catch (IOException e) {
                    unreadable.add(body);
                }
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/alerts";
    }

    /** Every body received so far, oldest first. */
    List<JsonNode> bodies() {
        return List.copyOf(bodies);
    }

    /** Bodies that were not JSON: Alertmanager should never send one. */
    List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
