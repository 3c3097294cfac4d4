package io.cpa.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real child processes (a tiny JVM of this test class path): readiness, stop, SIGKILL, logs, a port in use. */
class ChildProcessTest {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    static List<String> tiny(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Components.java(), "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                TinyServer.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @Test
    void anHttpServiceIsReadyWhenItAnswersAndStopsOnSigterm() throws Exception {
        int port = Ports.free();
        ServiceSpec spec = new ServiceSpec("tiny", tiny("--port=" + port), java.util.Map.of(), null, dir.resolve("logs/tiny.log"),
                Readiness.httpOk("http://127.0.0.1:" + port + "/ready"), port);
        try (ChildProcess child = ChildProcess.launch(spec, false).awaitReady(READY_WITHIN)) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("ok");
            assertThat(child.port()).isEqualTo(port);
            assertThat(child.rssMiB()).isPositive();
            child.stop(Duration.ofSeconds(30));
            assertThat(child.isAlive()).isFalse();
            assertThat(child.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        }
        // stdout went to the log (whose folder the launcher made), including what the shutdown hook printed
        assertThat(Files.readString(dir.resolve("logs/tiny.log"))).contains(TinyServer.READY).contains(TinyServer.TERM);
    }

    @Test
    void aProcessIsReadyWhenItsLogShowsTheLine() {
        ServiceSpec spec = new ServiceSpec("tiny", tiny(), dir.resolve("tiny.log"), Readiness.logLine(TinyServer.READY));
        try (ChildProcess child = ChildProcess.launch(spec, false).awaitReady(READY_WITHIN)) {
            assertThat(child.isAlive()).isTrue();
        }
    }

    @Test
    void aProcessThatExitsBeforeItIsReadyFailsAtOnceNamingItsLog() {
        ServiceSpec spec = new ServiceSpec("broken", tiny("--exit=3"), dir.resolve("broken.log"), Readiness.logLine("never printed"));
        ChildProcess child = ChildProcess.launch(spec, false);
        assertThatThrownBy(() -> child.awaitReady(READY_WITHIN)).isInstanceOf(ChildProcess.NotReadyException.class)
                .hasMessageContaining("broken exited with code 3 before it was ready")
                .hasMessageContaining(dir.resolve("broken.log").toString())
                .hasMessageContaining("bad configuration, exiting");
    }

    @Test
    void aProcessThatNeverServesFailsAfterTheTimeout() {
        int nobody = Ports.free();
        ServiceSpec spec = new ServiceSpec("deaf", tiny(), java.util.Map.of(), null, dir.resolve("deaf.log"),
                Readiness.httpOk("http://127.0.0.1:" + nobody + "/ready"), 0);
        try (ChildProcess child = ChildProcess.launch(spec, false)) {
            assertThatThrownBy(() -> child.awaitReady(Duration.ofSeconds(1))).isInstanceOf(ChildProcess.NotReadyException.class)
                    .hasMessageContaining("deaf not ready (200 from http://127.0.0.1:" + nobody + "/ready)");
            assertThat(child.isAlive()).as("a timeout does not stop it; its owner does").isTrue();
        }
    }

    @Test
    void aProcessThatHangsInItsShutdownGetsSigkillAfterTheGrace() throws Exception {
        ServiceSpec spec = new ServiceSpec("stubborn", tiny("--ignoreTerm"), dir.resolve("stubborn.log"), Readiness.logLine(TinyServer.READY));
        ChildProcess child = ChildProcess.launch(spec, false).awaitReady(READY_WITHIN);
        child.stop(Duration.ofSeconds(2));
        assertThat(child.isAlive()).isFalse();
        assertThat(child.exitValue()).as("128 + SIGKILL").isEqualTo(137);
        assertThat(Files.readString(spec.log())).as("SIGTERM came first").contains(TinyServer.TERM);
    }

    @Test
    void sigkillRunsNoShutdownHook() throws Exception {
        ServiceSpec spec = new ServiceSpec("killed", tiny(), dir.resolve("killed.log"), Readiness.logLine(TinyServer.READY));
        ChildProcess child = ChildProcess.launch(spec, false).awaitReady(READY_WITHIN);
        child.kill();
        assertThat(child.exitValue()).isEqualTo(137);
        assertThat(Files.readString(spec.log())).doesNotContain(TinyServer.TERM);
    }

    @Test
    void aTakenPortIsAClearErrorBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            ServiceSpec spec = new ServiceSpec("answer-service", tiny("--port=" + port), java.util.Map.of(), null, dir.resolve("a.log"),
                    Readiness.httpOk("http://127.0.0.1:" + port + "/ready"), port);
            assertThatThrownBy(() -> ChildProcess.launch(spec, false)).isInstanceOf(Ports.PortInUseException.class)
                    .hasMessage("port " + port + " on 127.0.0.1 is already in use, so answer-service cannot listen there");
            assertThat(dir.resolve("a.log")).as("nothing was started").doesNotExist();
        }
    }

    @Test
    void theEnvironmentAndWorkingDirectoryOfTheSpecReachTheProcess() throws Exception {
        // a shell is the simplest process that shows both
        Files.createDirectories(dir.resolve("work"));
        ServiceSpec spec = new ServiceSpec("env", List.of("sh", "-c", "echo \"$CPA_TEST_VALUE in $(pwd)\"; sleep 60"), java.util.Map.of(),
                null, dir.resolve("env.log"), Readiness.logLine(" in "), 0)
                .withEnvironment(java.util.Map.of("CPA_TEST_VALUE", "forty-two")).inDirectory(dir.resolve("work"));
        try (ChildProcess child = ChildProcess.launch(spec, false).awaitReady(READY_WITHIN)) {
            assertThat(Files.readString(spec.log())).contains("forty-two in " + dir.resolve("work").toRealPath());
        }
    }
}
