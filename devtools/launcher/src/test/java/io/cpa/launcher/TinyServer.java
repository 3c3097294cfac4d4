package io.cpa.launcher;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The child process of the launcher's tests: {@code [--port=N] [--exit=CODE] [--ignoreTerm] [--stopLog=FILE --name=N]}.
 * Serves 200 on {@code /ready} when given a port, prints {@value #READY} once it serves, exits at once with
 * {@code --exit}, and with {@code --ignoreTerm} never finishes its shutdown after SIGTERM (only SIGKILL ends it).
 */
public final class TinyServer {
    static final String READY = "tiny ready";
    static final String TERM = "tiny got SIGTERM";

    public static void main(String[] args) throws Exception {
        int port = 0;
        boolean ignoreTerm = false;
        Path stopLog = null;
        String name = "tiny";
        for (String a : args) {
            if (a.startsWith("--port=")) port = Integer.parseInt(a.substring(7));
            else if (a.startsWith("--exit=")) {
                System.out.println("bad configuration, exiting");
                System.exit(Integer.parseInt(a.substring(7)));
            } else if (a.equals("--ignoreTerm")) ignoreTerm = true;
            else if (a.startsWith("--stopLog=")) stopLog = Path.of(a.substring(10));
            else if (a.startsWith("--name=")) name = a.substring(7);
        }
        boolean hang = ignoreTerm;
        Path stops = stopLog;
        String me = name;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(TERM);
            System.out.flush();
            try {
                if (stops != null) Files.writeString(stops, me + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                if (hang) Thread.sleep(Long.MAX_VALUE);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        if (port > 0) {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            http.createContext("/ready", exchange -> {
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            http.start();
        }
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}
