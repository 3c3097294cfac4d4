package io.cpa.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LauncherTest {
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private ServiceSpec tiny(String name, String... args) {
        List<String> all = new ArrayList<>(List.of("--name=" + name, "--stopLog=" + dir.resolve("stops")));
        all.addAll(List.of(args));
        return new ServiceSpec(name, ChildProcessTest.tiny(all.toArray(String[]::new)), dir.resolve(name + ".log"),
                Readiness.logLine(TinyServer.READY));
    }

    @Test
    void closingStopsTheLastStartedFirst() throws Exception {
        List<String> launched = new ArrayList<>();
        try (Launcher launcher = new Launcher(Duration.ofSeconds(30), c -> launched.add(c.name()))) {
            launcher.start(tiny("broker"), READY_WITHIN);
            launcher.start(tiny("service"), READY_WITHIN);
            launcher.start(tiny("traffic"), READY_WITHIN);
            assertThat(launcher.names()).containsExactly("broker", "service", "traffic");
        }
        assertThat(launched).containsExactly("broker", "service", "traffic");
        assertThat(Files.readAllLines(dir.resolve("stops"))).containsExactly("traffic", "service", "broker");
    }

    @Test
    void aKilledProcessRestartsWithItsSpecAndItsLogGrows() throws Exception {
        try (Launcher launcher = new Launcher()) {
            ChildProcess first = launcher.start(tiny("analysis"), READY_WITHIN);
            assertThatThrownBy(() -> launcher.restart("analysis")).hasMessageContaining("analysis still runs");
            launcher.kill("analysis");
            ChildProcess second = launcher.restart("analysis").awaitReady(READY_WITHIN);
            assertThat(second.pid()).isNotEqualTo(first.pid());
            assertThat(launcher.get("analysis")).isSameAs(second);
            assertThat(launcher.children()).containsExactly(second);
            String log = Files.readString(dir.resolve("analysis.log"));
            assertThat(log.split(TinyServer.READY, -1)).as("both runs in one log").hasSize(3);
        }
    }

    @Test
    void aProcessThatDoesNotBecomeReadyIsStoppedBeforeTheErrorReachesTheCaller() {
        try (Launcher launcher = new Launcher(Duration.ofSeconds(30), c -> {})) {
            ServiceSpec never = new ServiceSpec("never", ChildProcessTest.tiny(), dir.resolve("never.log"), Readiness.logLine("not printed"));
            assertThatThrownBy(() -> launcher.start(never, Duration.ofSeconds(1))).isInstanceOf(ChildProcess.NotReadyException.class);
            assertThat(launcher.get("never").isAlive()).isFalse();
        }
    }

    @Test
    void aNameIsStartedOnceAndUnknownNamesAreErrors() {
        try (Launcher launcher = new Launcher()) {
            launcher.start(tiny("one"), READY_WITHIN);
            assertThatThrownBy(() -> launcher.launch(tiny("one"))).hasMessageContaining("one was started already");
            assertThatThrownBy(() -> launcher.get("two")).hasMessageContaining("no process called two (started: [one])");
        }
    }
}
