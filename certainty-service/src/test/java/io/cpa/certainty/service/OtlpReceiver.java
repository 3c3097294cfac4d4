package io.cpa.certainty.service;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP receiver on loopback: {@code POST /v1/logs} with a protobuf {@code ExportLogsServiceRequest}
 * (gzip or not), decoded with the opentelemetry-proto classes and kept; every other path is counted and answered 200.
 * Points the application's OTLP exporter at itself.
 */
public class OtlpReceiver implements QuarkusTestResourceLifecycleManager {
    /** A received log record with its resource and scope. */
    record Received(Map<String, Object> resource, String scope, LogRecord record) {
        Map<String, Object> attributes() {
            return OtlpReceiver.attributes(record.getAttributesList());
        }
    }

    static final ConcurrentLinkedQueue<Received> LOGS = new ConcurrentLinkedQueue<>();
    /** Requests to any other path than /v1/logs, as "METHOD path". */
    static final ConcurrentLinkedQueue<String> OTHER = new ConcurrentLinkedQueue<>();
    /** Bodies of /v1/logs that were not protobuf ExportLogsServiceRequests, as the reason. */
    static final ConcurrentLinkedQueue<String> REJECTED = new ConcurrentLinkedQueue<>();

    private HttpServer server;

    static Map<String, Object> attributes(List<KeyValue> kvs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (KeyValue kv : kvs) out.put(kv.getKey(), value(kv.getValue()));
        return out;
    }

    static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case INT_VALUE -> v.getIntValue();
            case BOOL_VALUE -> v.getBoolValue();
            default -> v.toString();
        };
    }

    /** The records received whose attribute {@code key} is {@code value}. */
    static List<Received> withAttribute(String key, String value) {
        List<Received> out = new ArrayList<>();
        for (Received r : LOGS) if (value.equals(r.attributes().get(key))) out.add(r);
        return out;
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            byte[] reply = new byte[0];
            int status = 200;
            if (path.equals("/v1/logs") && exchange.getRequestMethod().equals("POST")) {
                try {
                    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
                    InputStream in = new ByteArrayInputStream(body);
                    if ("gzip".equalsIgnoreCase(encoding)) in = new GZIPInputStream(in);
                    String type = exchange.getRequestHeaders().getFirst("Content-Type");
                    if (!"application/x-protobuf".equals(type)) throw new IOException("Content-Type " + type);
                    ExportLogsServiceRequest request = ExportLogsServiceRequest.parseFrom(in);
                    for (ResourceLogs rl : request.getResourceLogsList()) {
                        Map<String, Object> resource = attributes(rl.getResource().getAttributesList());
                        for (ScopeLogs sl : rl.getScopeLogsList()) {
                            for (LogRecord r : sl.getLogRecordsList()) LOGS.add(new Received(resource, sl.getScope().getName(), r));
                        }
                    }
                    reply = ExportLogsServiceResponse.getDefaultInstance().toByteArray();
                } catch (IOException | RuntimeException e) {
                    REJECTED.add(String.valueOf(e));
                    status = 400;
                }
            } else {
                OTHER.add(exchange.getRequestMethod() + " " + path);
            }
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
        return Map.of("quarkus.otel.exporter.otlp.endpoint", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) server.stop(0);
    }
}
