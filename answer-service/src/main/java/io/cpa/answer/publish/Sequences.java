package io.cpa.answer.publish;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Producer sequence numbers for answer events: increasing per instance and close to wall-clock microseconds, so the
 * sequences of several instances interleave sensibly.
 */
@ApplicationScoped
public class Sequences {
    private final AtomicLong last = new AtomicLong();

    public long next() {
        long now = System.currentTimeMillis() * 1000;
        return last.updateAndGet(l -> Math.max(l + 1, now));
    }
}
