package io.cpa.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback ports: a free one for a test or a benchmark, and a clear error when a fixed one is taken. */
public final class Ports {
    private Ports() {}

    /** A port nobody listens on right now (another process may take it before it is used; tests live with that). */
    public static int free() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Fails before a process starts rather than letting it die in its log: a service started on a taken port exits
     * (or, worse, a test talks to whatever already listens there).
     */
    public static void requireFree(int port, String who) {
        if (!isFree(port)) throw new PortInUseException(port, who);
    }

    /** A fixed port someone else listens on. */
    public static final class PortInUseException extends IllegalStateException {
        public PortInUseException(int port, String who) {
            super("port " + port + " on 127.0.0.1 is already in use, so " + who + " cannot listen there");
        }
    }
}
