package io.cpa.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class LogFilesTest {
    @TempDir
    Path dir;

    @Test
    void theScannerSeesOnlyWhatWasWrittenAfterItsOffsetAndALineWrittenInTwoPieces() throws Exception {
        Path log = dir.resolve("kafka.log");
        Files.writeString(log, "embedded Kafka ready on 127.0.0.1:1 (the previous run)\n");
        LogFiles.Scanner scanner = new LogFiles.Scanner(log, Files.size(log), "embedded Kafka ready");
        assertThat(scanner.found()).as("the previous run's line").isFalse();
        Files.writeString(log, "starting ... embedded Ka", StandardOpenOption.APPEND);
        assertThat(scanner.found()).isFalse();
        Files.writeString(log, "fka ready on 127.0.0.1:2\n", StandardOpenOption.APPEND);
        assertThat(scanner.found()).isTrue();
    }

    @Test
    void theScannerReadsALogLargerThanOneChunkAndNonAsciiText() throws Exception {
        Path log = dir.resolve("big.log");
        Files.writeString(log, "x".repeat(LogFiles.SCAN_CHUNK_BYTES - 2) + "prêt à servir\n");
        assertThat(new LogFiles.Scanner(log, 0, "prêt à servir").found()).isTrue();
        assertThat(new LogFiles.Scanner(log, 0, "pas prêt").found()).isFalse();
    }

    @Test
    void aMissingLogIsNotReadyYet() throws Exception {
        assertThat(new LogFiles.Scanner(dir.resolve("none.log"), 0, "ready").found()).isFalse();
        assertThat(LogFiles.tail(dir.resolve("none.log"), 100)).isEmpty();
    }

    @Test
    void theTailIsBoundedAndStartsAtALine() throws Exception {
        Path log = dir.resolve("service.log");
        Files.writeString(log, "first line that is long\nsecond\nthird\n");
        assertThat(LogFiles.tail(log, 12)).as("cut inside a line").isEqualTo("third\n");
        assertThat(LogFiles.tail(log, 14)).as("cut at a line start").isEqualTo("second\nthird\n");
        assertThat(LogFiles.tail(log, 1000)).startsWith("first line");
    }
}
