package io.cpa.answer.label;

import io.cpa.event.LabelEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The heap an index of known answers takes, as the README states it: {@code n} answers with 36-character ids (half
 * with options A-D, half free-form) and {@code labellers} remembered judgements each, measured as the used heap
 * after full collections before and after. A measurement, not a test: run it with
 * {@code java -Xmx2g -XX:+UseSerialGC -cp <test classpath> io.cpa.answer.label.KnownAnswersFootprint 200000 1}.
 */
public final class KnownAnswersFootprint {
    public static void main(String[] args) throws InterruptedException {
        int n = Integer.parseInt(args[0]);
        int labellers = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        KnownAnswers index = new KnownAnswers(n, Duration.ofDays(7), Math.max(1, labellers), 10, Clock.systemUTC());
        Instant now = Instant.now();
        long before = used();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) ids[i] = UUID.randomUUID().toString();
        for (int i = 0; i < n; i++) index.note(ids[i], now, i % 2 == 0 ? List.of("A", "B", "C", "D") : List.of());
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < labellers; k++) {
                index.reserve(new LabelEvent(LabelEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), ids[i], "judge:model-" + k,
                        null, null, 0.7, 0.5, now, now));
            }
        }
        ids = null;
        long after = used();
        System.out.printf("%d answers, %d labellers each: %.1f MB, %.0f bytes per answer (ids included)%n", index.size(), labellers,
                (after - before) / 1e6, (after - before) / (double) n);
    }

    private static long used() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
