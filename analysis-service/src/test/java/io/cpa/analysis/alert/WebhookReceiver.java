package io.cpa.analysis.alert;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server that answers the first {@code failFirst} POSTs with {@code failStatus}, then 204, and keeps every body. */
final class WebhookReceiver implements AutoCloseable {
    final HttpServer server;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> accepted = new CopyOnWriteArrayList<>();
    final List<String> contentTypes = new CopyOnWriteArrayList<>();
    final AtomicInteger requests = new AtomicInteger();

    WebhookReceiver(int failFirst, int failStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            bodies.add(body);
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            int n = requests.incrementAndGet();
            if (n <= failFirst) {
                exchange.sendResponseHeaders(failStatus, -1);
            } else {
                accepted.add(body);
                exchange.sendResponseHeaders(204, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
