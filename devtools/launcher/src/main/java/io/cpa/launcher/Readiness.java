package io.cpa.launcher;

import java.net.URI;

/** How a started process shows that it serves; {@link ChildProcess#awaitReady} polls it. */
public sealed interface Readiness {

    /** Ready once a GET of the URL answers 200 (a Quarkus health endpoint, the simulator's model list). */
    record HttpOk(URI url) implements Readiness {}

    /** Ready once the process has written this text to its log since it started (the broker's "ready" line). */
    record LogLine(String text) implements Readiness {
        public LogLine {
            if (text == null || text.isEmpty()) throw new IllegalArgumentException("a log line to wait for must not be empty");
        }
    }

    /** Ready as soon as it runs: traffic generators and other clients nobody waits for. */
    record Running() implements Readiness {}

    static Readiness httpOk(String url) {
        return new HttpOk(URI.create(url));
    }

    static Readiness logLine(String text) {
        return new LogLine(text);
    }

    static Readiness running() {
        return new Running();
    }

    /** For messages: what is waited for. */
    default String describe() {
        if (this instanceof HttpOk h) return "200 from " + h.url();
        if (this instanceof LogLine l) return "\"" + l.text() + "\" in its log";
        return "running";
    }
}
