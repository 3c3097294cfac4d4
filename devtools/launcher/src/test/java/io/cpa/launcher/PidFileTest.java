package io.cpa.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PidFileTest {
    @TempDir
    Path dir;

    @Test
    void entriesSurviveTheFileInOrderAndOldLinesWithoutStartTimeAreRead() throws Exception {
        PidFile file = new PidFile(dir.resolve("run/pids"));
        List<PidFile.Entry> entries = List.of(new PidFile.Entry(12, "kafka", Optional.of(1000L)), new PidFile.Entry(34, "answer-service", Optional.empty()));
        file.write(entries);
        assertThat(file.read()).isEqualTo(entries);
        assertThat(Files.readAllLines(file.path())).containsExactly("12 kafka 1000", "34 answer-service");
        assertThat(PidFile.parse(List.of("", "56 model-simulator", "garbage", "x y"))).containsExactly(
                new PidFile.Entry(56, "model-simulator", Optional.empty()));
        file.delete();
        assertThat(file.exists()).isFalse();
        assertThat(file.read()).isEmpty();
    }

    @Test
    void aPidNowHeldByAnotherProcessIsNotOurs() {
        ProcessHandle me = ProcessHandle.current();
        PidFile.Entry mine = PidFile.entryOf("cpa-demo", me);
        assertThat(mine.startMillis()).isPresent();
        assertThat(mine.live()).contains(me);
        PidFile.Entry reused = new PidFile.Entry(me.pid(), "cpa-demo", Optional.of(mine.startMillis().get() - 60_000));
        assertThat(reused.live()).isEmpty();
    }
}
